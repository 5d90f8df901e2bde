import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

extension APITests {
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
        // A taken address is answered as a new one (the owner is mailed instead: AccountLinkTests).
        #expect(dup.status == 201 && dup.object["email"] as? String == "tok@example.com", "\(dup.text)")
        #expect(try TestStack.owner(venue.database).queryOne("SELECT count(*) AS n FROM guest_accounts WHERE email = 'tok@example.com'")?.int("n") == 1)
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
