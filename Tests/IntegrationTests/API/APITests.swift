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

    @Test func aTableBeingBookedElsewhereIs423() async throws {
        let guest = try await api.guest("nina@example.com", phone: "655 666 777")
        let start = venue.clock.resolve(venue.tomorrow, TimeOfDay(hour: 15, minute: 0)!).instant!
        let lease = try venue.book.acquireLease(restaurantID: venue.restaurant.id, tableID: try venue.tableID("T3"),
                                                start: start, end: start.addingTimeInterval(5400), holder: "Ana Host")
        #expect(lease != nil)
        let locked = try await api.call("POST", "/api/reservations/", token: guest.access, body: try booking(table: "T3", time: "15:30"))
        #expect(locked.status == 423, "\(locked.text)")
        #expect((locked.object["error"] as? String)?.hasPrefix("Mesa está siendo reservada") == true)
        #expect(!locked.text.contains("Ana"))
    }

    @Test func aRetryWithTheSameKeyCreatesNothingNew() async throws {
        let guest = try await api.guest("ivan@example.com", phone: "666 777 888")
        let body = try booking(table: "T4", time: "16:00", party: 4)
        let first = try await api.call("POST", "/api/reservations/", token: guest.access, body: body, headers: ["Idempotency-Key": "order-1"])
        let retry = try await api.call("POST", "/api/reservations/", token: guest.access, body: body, headers: ["Idempotency-Key": "order-1"])
        #expect(first.status == 201 && retry.status == 201, "\(retry.status) \(retry.text)")
        #expect(first.object["id"] as? String == retry.object["id"] as? String)
        #expect(retry.header("Idempotent-Replayed") == "true")
        var other = body
        other["party_size"] = 3
        let mismatch = try await api.call("POST", "/api/reservations/", token: guest.access, body: other, headers: ["Idempotency-Key": "order-1"])
        #expect(mismatch.status == 422)
        let rows = try venue.book.daySheet(restaurantID: venue.restaurant.id, date: venue.tomorrow).entries.filter { $0.tableLabel == "T4" }
        #expect(rows.count == 1)
        // Another caller's same key is theirs, not this one.
        let other2 = try await api.guest("eva@example.com", phone: "677 888 999")
        let theirs = try await api.call("POST", "/api/reservations/", token: other2.access, body: try booking(table: "T1", time: "16:00"),
                                        headers: ["Idempotency-Key": "order-1"])
        #expect(theirs.status == 201 && theirs.object["id"] as? String != first.object["id"] as? String)
    }

    @Test func guestsSeeOnlyTheirOwnAndStaffOnlyTheirVenues() async throws {
        let a = try await api.guest("a@example.com", phone: "600 100 200")
        let b = try await api.guest("b@example.com", phone: "600 100 300")
        let made = try await api.call("POST", "/api/reservations/", token: a.access, body: try booking(table: "T1", time: "18:00"))
        let id = try #require(made.object["id"] as? String)
        #expect(try await api.call("GET", "/api/reservations/\(id)/", token: b.access).status == 404)
        #expect(try await api.call("DELETE", "/api/reservations/\(id)/", token: b.access).status == 404)
        #expect(try await api.call("GET", "/api/reservations/", token: b.access).array.isEmpty)
        #expect(try await api.call("GET", "/api/customers/?restaurant=\(venue.restaurant.id)", token: b.access).status == 403)
        #expect(try await api.call("GET", "/api/reservations/not-a-uuid/", token: a.access).object["error"] as? String == "Reserva no encontrada")

        let ana = try await api.signIn(["username": "ana", "password": E2EVenue.hostPassword])
        let seen = try await api.call("GET", "/api/reservations/?restaurant=\(venue.restaurant.id)&date=\(date)", token: ana.access)
        #expect(seen.array.contains { $0["id"] as? String == id })
        let confirmed = try await api.call("PATCH", "/api/reservations/\(id)/", token: ana.access, body: ["status": "confirmed"])
        #expect(confirmed.status == 200 && confirmed.object["status"] as? String == "confirmed")
        let guests = try await api.call("GET", "/api/customers/", token: ana.access)
        #expect(guests.status == 200 && (guests.object["results"] as? [[String: Any]])?.contains { $0["email"] as? String == "a@example.com" } == true)
        let byPhone = try await api.call("GET", "/api/customers/search_by_phone/?phone=600100200", token: ana.access)
        #expect(byPhone.status == 200 && byPhone.object["email"] as? String == "a@example.com")

        // A member of another venue sees none of it.
        let other = try venue.book.importFloor(FloorFile.parse(E2EVenue.floor.replacingOccurrences(of: "slug = \"e2e\"", with: "slug = \"other\"")),
                                               actor: .commandLine(user: "test"))
        try venue.book.addStaff(username: "olga", displayName: "Olga", role: .host, password: "another venue 77",
                                restaurants: [other.id], actor: .commandLine(user: "test"))
        let olga = try await api.signIn(["username": "olga", "password": "another venue 77"])
        #expect(try await api.call("GET", "/api/reservations/\(id)/", token: olga.access).status == 404)
        #expect(try await api.call("GET", "/api/reservations/", token: olga.access).array.isEmpty)
    }

    @Test func tokensRefreshOnceAndRevokeForGood() async throws {
        let g = try await api.guest("tok@example.com", phone: "699 000 111")
        let refreshed = try await api.call("POST", "/api/token/refresh/", body: ["refresh": g.refresh])
        #expect(refreshed.status == 200)
        let newAccess = try #require(refreshed.object["access"] as? String)
        let newRefresh = try #require(refreshed.object["refresh"] as? String)
        #expect(try await api.call("GET", "/api/reservations/", token: newAccess).status == 200)
        // The spent refresh token presented again: someone copied it, so the whole family ends.
        #expect(try await api.call("POST", "/api/token/refresh/", body: ["refresh": g.refresh]).status == 401)
        #expect(try await api.call("GET", "/api/reservations/", token: newAccess).status == 401)
        #expect(try await api.call("POST", "/api/token/refresh/", body: ["refresh": newRefresh]).status == 401)

        let h = try await api.signIn(["email": "tok@example.com", "password": "a long pass phrase"])
        #expect(try await api.call("POST", "/api/token/revoke/", body: ["token": h.refresh]).status == 204)
        #expect(try await api.call("GET", "/api/reservations/", token: h.access).status == 401)
        let wrong = try await api.call("POST", "/api/token/", body: ["email": "tok@example.com", "password": "not it at all"])
        #expect(wrong.status == 401)
        let dup = try await api.call("POST", "/api/auth/register/", body: ["email": "tok@example.com", "password": "a long pass phrase",
                                                                            "first_name": "X", "phone": "699000222"])
        #expect(dup.status == 400 && dup.object["field"] as? String == "email")
        let weak = try await api.call("POST", "/api/auth/register/", body: ["email": "w@example.com", "password": "12345678",
                                                                             "first_name": "W", "phone": "699000333"])
        #expect(weak.status == 400 && weak.object["field"] as? String == "password")
        // Tokens are stored as digests only.
        let stored = try TestStack.owner(venue.database).query("SELECT token_hash FROM api_tokens").map { try $0.string("token_hash") }
        #expect(!stored.isEmpty && !stored.contains(h.access) && !stored.contains(h.refresh))
    }

    @Test func theConfirmLinkConfirmsAHoldOnceAndOnlyWithItsToken() async throws {
        let g = try await api.guest("link@example.com", phone: "688 111 222")
        let made = try await api.call("POST", "/api/reservations/", token: g.access, body: try booking(table: "T3", time: "20:00"))
        let idText = try #require(made.object["id"] as? String)
        let id = try #require(UUID(uuidString: idText))
        let forged = try await api.call("GET", "/api/reservations/\(id.lowercasedString)/confirm/?token=deadbeef")
        #expect(forged.status == 404)
        let link = try #require(ConfirmLink(publicURL: api.base, secret: APIServer.linkSecret)).url(for: id)
        let path = String(link.dropFirst(api.base.count))
        let ok = try await api.call("GET", path)
        #expect(ok.status == 200 && ok.object["status"] as? String == "confirmed", "\(ok.text)")
        #expect(try await api.call("GET", path).status == 200)
        #expect(try venue.book.reservation(id: id).reservation.status == .confirmed)
    }

    @Test func sixtyFourClientsOnOneTableAndTimeGetExactlyOneBooking() async throws {
        var tokens: [String] = []
        for i in 0..<8 { tokens.append(try await api.guest("race\(i)@example.com", phone: "61000\(1000 + i)").access) }
        let body = String(decoding: try JSONSerialization.data(withJSONObject: try booking(table: "T4", time: "21:00", party: 4)), as: UTF8.self)
        let tokenList = tokens, server = api
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<64 {
                group.addTask { try await server.call("POST", "/api/reservations/", token: tokenList[i % 8], body: body).status }
            }
            var all: [Int] = []
            for try await s in group { all.append(s) }
            return all
        }
        #expect(statuses.filter { $0 == 201 }.count == 1, "\(statuses)")
        #expect(statuses.allSatisfy { $0 == 201 || $0 == 409 || $0 == 423 || $0 == 429 }, "\(statuses)")
        #expect(!statuses.contains { $0 >= 500 })
        let live = try venue.book.daySheet(restaurantID: venue.restaurant.id, date: venue.tomorrow).entries
            .filter { $0.tableLabel == "T4" && $0.reservation.status.isLive }
        #expect(live.count == 1)
    }

    @Test func theListIsPagedByCursorOrStreamedWhole() async throws {
        let clock = venue.clock
        var ids: Set<String> = []
        for day in 1...3 {
            for (i, label) in ["T1", "T2", "T3", "T4"].enumerated() {
                for slot in 0..<5 {
                    let e = try venue.book.book(BookingRequest(restaurantID: venue.restaurant.id, tableLabel: label,
                                                               date: venue.today.adding(days: day), time: TimeOfDay(hour: 2 + slot * 2, minute: 0)!,
                                                               partySize: 2, guest: .new(name: "G\(day)\(i)\(slot)", phone: "6200\(day)\(i)\(slot)000", email: nil)),
                                                actor: .commandLine(user: "test"))
                    ids.insert(e.entry.id.lowercasedString)
                }
            }
        }
        _ = clock
        let marco = try await api.signIn(["username": "marco", "password": E2EVenue.managerPassword])
        var seen: [String] = []
        var path: String? = "/api/reservations/?restaurant=\(venue.restaurant.id)&limit=7"
        var pages = 0
        while let p = path, pages < 20 {
            let page = try await api.call("GET", p, token: marco.access)
            #expect(page.status == 200)
            seen += page.array.compactMap { $0["id"] as? String }
            path = page.header("Link").flatMap { link in
                link.range(of: "<").flatMap { start in link.range(of: ">").map { String(link[start.upperBound..<$0.lowerBound]) } }
            }
            pages += 1
        }
        #expect(seen.count == ids.count && Set(seen) == ids)
        let whole = try await api.call("GET", "/api/reservations/?restaurant=\(venue.restaurant.id)", token: marco.access)
        #expect(whole.array.count == ids.count)
        let filtered = try await api.call("GET", "/api/reservations/?date=\(venue.today.adding(days: 2))&status=confirmed", token: marco.access)
        #expect(filtered.array.count == 20)
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
