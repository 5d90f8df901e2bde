import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// The REST API through the real `reservaflow-api` process and real sockets, against the real stack.
/// The venue is open around the clock (E2EVenue), so no test depends on when it runs.
@Suite("REST API: the real server", .serialized)
struct APITests {
    let venue: E2EVenue
    let api: APIServer

    init() throws {
        venue = try E2EVenue()
        // Limits off here (the suite books far more than a guest would); APILimitTests checks them.
        api = try APIServer(databaseURL: venue.databaseURL, extra: ["--bookings-per-guest", "0", "--bookings-per-address", "0", "--auth-per-address", "0"])
    }

    var date: String { venue.tomorrow.description }

    func booking(table: String? = "T2", time: String = "13:00", party: Int = 2, customer: Int64? = nil) throws -> [String: Any] {
        var b: [String: Any] = ["restaurant_id": venue.restaurant.id, "reservation_date": date, "reservation_time": time, "party_size": party]
        if let table { b["table_id"] = try venue.tableID(table) }
        if let customer { b["customer_id"] = customer }
        return b
    }

    @Test func healthSaysWhatIsUp() async throws {
        let h = try await api.call("GET", "/health/")
        #expect(h.status == 200)
        #expect(h.object["status"] as? String == "healthy")
        #expect(h.object["database"] as? String == "ok")
        #expect(h.object["redis"] as? String == "ok")
        #expect(h.object["daemon"] as? String == "not running")
        #expect((h.object["timestamp"] as? String)?.hasSuffix("Z") == true)
    }

    @Test func aGuestRegistersBooksAHoldSeesItAndCancelsIt() async throws {
        let guest = try await api.guest("lola@example.com", phone: "611 222 333")
        let made = try await api.call("POST", "/api/reservations/", token: guest.access, body: try booking())
        #expect(made.status == 201, "\(made.text)")
        let o = made.object
        #expect(o["status"] as? String == "pending")
        #expect(o["message"] as? String == "Reserva creada exitosamente")
        #expect(o["reservation_date"] as? String == date)
        #expect(o["reservation_time"] as? String == "13:00:00")
        #expect(o["party_size"] as? Int == 2)
        #expect((o["expires_at"] as? String)?.hasSuffix("Z") == true)
        #expect((o["customer"] as? [String: Any])?["email"] as? String == "lola@example.com")
        #expect((o["restaurant"] as? [String: Any])?["name"] as? String == "E2E Bistro")
        #expect((o["table"] as? [String: Any])?["number"] as? String == "T2")
        let id = try #require(o["id"] as? String)

        // It is in the book as an online hold, audited as the guest's account.
        let entry = try venue.book.reservation(id: try #require(UUID(uuidString: id)))
        #expect(entry.reservation.status == .pending && entry.reservation.source == .online)

        let list = try await api.call("GET", "/api/reservations/", token: guest.access)
        #expect(list.status == 200 && list.array.count == 1 && list.array.first?["id"] as? String == id)
        let detail = try await api.call("GET", "/api/reservations/\(id)/", token: guest.access)
        #expect(detail.status == 200 && detail.object["expires_at"] is String)

        // A guest may cancel, not confirm by hand (that is the e-mail link's job).
        let confirm = try await api.call("PATCH", "/api/reservations/\(id)/", token: guest.access, body: ["status": "confirmed"])
        #expect(confirm.status == 403)
        let gone = try await api.call("DELETE", "/api/reservations/\(id)/", token: guest.access)
        #expect(gone.status == 204)
        #expect(try venue.book.reservation(id: UUID(uuidString: id)!).reservation.status == .cancelled)
        let again = try await api.call("DELETE", "/api/reservations/\(id)/", token: guest.access)
        #expect(again.status == 204)
    }

    @Test func aSlotFullForThePacingLimitIs409WithTheNearestTimes() async throws {
        // At most 2 covers may start per 15 minutes at this venue (floor file pacing_covers).
        try TestStack.owner(venue.database).query("UPDATE restaurants SET pacing_covers = 2 WHERE id = $1", [venue.restaurant.id])
        let first = try await api.guest("uno@example.com", phone: "611 000 101")
        let second = try await api.guest("dos@example.com", phone: "611 000 102")
        let made = try await api.call("POST", "/api/reservations/", token: first.access, body: try booking(table: "T2"))
        #expect(made.status == 201, "\(made.text)")
        let full = try await api.call("POST", "/api/reservations/", token: second.access, body: try booking(table: "T3"))
        #expect(full.status == 409, "\(full.text)")
        #expect(full.object["code"] as? String == "unavailable")
        #expect(full.object["field"] as? String == "time")
        let alternatives = full.object["alternatives"] as? [String] ?? []
        #expect(alternatives.contains("13:15") || alternatives.contains("12:45"), "\(full.text)")
        #expect((full.object["detail"] as? String)?.hasPrefix("13:00 has 2 of 2 covers") == true, "\(full.text)")
        try TestStack.owner(venue.database).query("UPDATE restaurants SET pacing_covers = NULL WHERE id = $1", [venue.restaurant.id])
    }

    @Test func anonymousCallersSeeVenuesAndAvailabilityButNoReservations() async throws {
        let list = try await api.call("GET", "/api/restaurants/restaurants/")
        #expect(list.status == 200 && list.object["count"] as? Int == 1)
        #expect(list.object.keys.sorted() == ["count", "next", "previous", "results"])
        let detail = try await api.call("GET", "/api/restaurants/restaurants/\(venue.restaurant.id)/")
        #expect(detail.status == 200 && (detail.object["opening_hours"] as? [Any])?.count == 14)
        let free = try await api.call("GET", "/api/restaurants/restaurants/\(venue.restaurant.id)/available_tables/?date=\(date)&time=13:00&party_size=3")
        #expect(free.status == 200)
        #expect(Set(free.array.compactMap { $0["number"] as? String }) == ["T2", "T3", "T4"])
        let missing = try await api.call("GET", "/api/restaurants/restaurants/\(venue.restaurant.id)/available_tables/?date=\(date)")
        #expect(missing.status == 400 && (missing.object["fields"] as? [String: Any])?.keys.sorted() == ["party_size", "time"])
        let tables = try await api.call("GET", "/api/restaurants/tables/?restaurant=\(venue.restaurant.id)")
        #expect(tables.status == 200 && tables.object["count"] as? Int == 4)
        #expect(try await api.call("GET", "/api/restaurants/restaurants/999999/").status == 404)
        #expect(try await api.call("GET", "/api/restaurants/restaurants/abc/").status == 404)

        #expect(try await api.call("GET", "/api/reservations/").status == 401)
        #expect(try await api.call("POST", "/api/reservations/", body: try booking()).status == 401)
        #expect(try await api.call("GET", "/api/customers/").status == 401)
        let forged = try await api.call("GET", "/api/reservations/", token: "not-a-token")
        #expect(forged.status == 401 && forged.object["code"] as? String == "token_not_valid")
    }

    @Test func everyBadInputGetsAClearErrorAndWritesNothing() async throws {
        let guest = try await api.guest("pablo@example.com", phone: "622 333 444")
        let before = try venue.book.daySheet(restaurantID: venue.restaurant.id, date: venue.tomorrow).entries.count
        func post(_ body: Any, headers: [String: String] = [:]) async throws -> APIServer.Answer {
            try await api.call("POST", "/api/reservations/", token: guest.access, body: body, headers: headers)
        }
        let malformed = try await post("{\"restaurant_id\": 1,")
        #expect(malformed.status == 400 && malformed.object["code"] as? String == "malformed_json")
        let notObject = try await post("[1, 2]")
        #expect(notObject.status == 400 && notObject.object["field"] as? String == "body")
        let missing = try await post(["restaurant_id": venue.restaurant.id])
        #expect(missing.status == 400 && missing.object["error"] as? String == "Faltan campos requeridos")
        #expect((missing.object["fields"] as? [String: Any])?.keys.sorted() == ["party_size", "reservation_date", "reservation_time"])
        var wrongType = try booking()
        wrongType["party_size"] = "many"
        let typed = try await post(wrongType)
        #expect(typed.status == 400 && typed.object["field"] as? String == "party_size")
        var unknown = try booking()
        unknown["vip"] = true
        let extra = try await post(unknown)
        #expect(extra.status == 400 && extra.object["field"] as? String == "vip")
        var badTime = try booking()
        badTime["reservation_time"] = "25:00"
        #expect(try await post(badTime).object["field"] as? String == "reservation_time")
        var past = try booking()
        past["reservation_date"] = venue.today.adding(days: -2).description
        let inPast = try await post(past)
        #expect(inPast.status == 400 && inPast.object["field"] as? String == "reservation_date" || inPast.object["field"] as? String == "reservation_time")
        var tooMany = try booking(table: "T1")
        tooMany["party_size"] = 6
        #expect(try await post(tooMany).status == 400)
        var hostile = try booking()
        hostile["notes"] = "\u{1B}[2J\u{202E}" + String(repeating: "x", count: 600)
        #expect(try await post(hostile).object["field"] as? String == "notes")
        let huge = try await post("{\"notes\": \"" + String(repeating: "a", count: 100_000) + "\"}")
        #expect(huge.status == 413)
        var otherVenue = try booking()
        otherVenue["restaurant_id"] = 987_654_321
        #expect(try await post(otherVenue).object["field"] as? String == "restaurant_id")
        let someoneElse = try venue.book.book(BookingRequest(restaurantID: venue.restaurant.id, tableLabel: "T4", date: venue.tomorrow,
                                                             time: TimeOfDay(hour: 22, minute: 0)!, partySize: 2,
                                                             guest: .new(name: "Otra Persona", phone: "699888777", email: nil)),
                                              actor: .commandLine(user: "podium"))
        var notMine = try booking()
        notMine["customer_id"] = someoneElse.entry.customer.id
        let notMineAnswer = try await post(notMine)
        #expect(notMineAnswer.status == 403, "\(notMineAnswer.text)")
        let badKey = try await post(try booking(), headers: ["Idempotency-Key": String(repeating: "k", count: 300)])
        #expect(badKey.status == 400 && badKey.object["field"] as? String == "Idempotency-Key", "\(badKey.status) \(badKey.text)")
        // Only the podium's own booking above was added.
        #expect(try venue.book.daySheet(restaurantID: venue.restaurant.id, date: venue.tomorrow).entries.count == before + 1)
        #expect(!api.logText.contains("unexpected error"))
    }

    @Test func anOverlapIs409AndNamesNoOtherGuest() async throws {
        let marco = try await api.signIn(["username": "marco", "password": E2EVenue.managerPassword])
        _ = try venue.book.book(BookingRequest(restaurantID: venue.restaurant.id, tableLabel: "T2", date: venue.tomorrow,
                                               time: TimeOfDay(hour: 13, minute: 0)!, partySize: 2,
                                               guest: .new(name: "Secreta Garcia", phone: "633444555", email: nil)),
                                actor: .commandLine(user: "podium"))
        let guest = try await api.guest("rosa@example.com", phone: "644 555 666")
        // 13:45 overlaps the 13:00-14:30 booking without starting at the same minute (the original's bug).
        let taken = try await api.call("POST", "/api/reservations/", token: guest.access, body: try booking(time: "13:45"))
        #expect(taken.status == 409)
        #expect(taken.object["error"] as? String == "Mesa no disponible en esa fecha/hora")
        #expect(!taken.text.contains("Garcia"))
        // Staff get the podium's detail.
        let customer = try #require(venue.book.searchCustomers(restaurantID: venue.restaurant.id, fragment: "Garcia").first)
        let staffTry = try await api.call("POST", "/api/reservations/", token: marco.access, body: try booking(time: "14:00", customer: customer.id))
        #expect(staffTry.status == 409 && staffTry.text.contains("Garcia"))
    }

}

/// Settings a test starts its own server with.
@Suite("REST API: limits", .serialized)
struct APILimitTests {
    @Test func aGuestOverTheBookingLimitGets429WithRetryAfter() async throws {
        let venue = try E2EVenue()
        let api = try APIServer(databaseURL: venue.databaseURL, extra: ["--bookings-per-guest", "2"])
        let g = try await api.guest("busy@example.com", phone: "611 999 000")
        var statuses: [Int] = []
        var last: APIServer.Answer? = nil
        for (i, t) in ["T1", "T2", "T3"].enumerated() {
            let a = try await api.call("POST", "/api/reservations/", token: g.access,
                                       body: ["restaurant_id": venue.restaurant.id, "table_id": try venue.tableID(t), "party_size": 2,
                                              "reservation_date": venue.tomorrow.description, "reservation_time": "1\(i):00"])
            statuses.append(a.status)
            last = a
        }
        #expect(statuses == [201, 201, 429])
        #expect(Int(last?.header("Retry-After") ?? "") ?? 0 > 0)
        #expect(last?.object["retry_after"] as? Int ?? 0 > 0)
    }

    @Test func theWholeListStreamsInBatches() async throws {
        let venue = try E2EVenue()
        let api = try APIServer(databaseURL: venue.databaseURL, extra: ["--stream-batch", "5"])
        for (i, label) in ["T1", "T2", "T3", "T4"].enumerated() {
            for slot in 0..<6 {
                _ = try venue.book.book(BookingRequest(restaurantID: venue.restaurant.id, tableLabel: label, date: venue.tomorrow,
                                                       time: TimeOfDay(hour: slot * 2 + 1, minute: 0)!, partySize: 2,
                                                       guest: .new(name: "S\(i)\(slot)", phone: "6300\(i)\(slot)0000", email: nil)),
                                        actor: .commandLine(user: "test"))
            }
        }
        let marco = try await api.signIn(["username": "marco", "password": E2EVenue.managerPassword])
        let all = try await api.call("GET", "/api/reservations/", token: marco.access)
        #expect(all.status == 200)
        let starts = all.array.compactMap { $0["reservation_time"] as? String }
        #expect(starts.count == 24)
        #expect(starts == starts.sorted())
    }
}
