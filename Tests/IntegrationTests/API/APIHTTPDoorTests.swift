import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// Issue 19, the HTTP door: what a client sends is read one way, and every answer is JSON.
@Suite("REST API: the HTTP door", .serialized)
struct APIHTTPDoorTests {
    let venue: E2EVenue
    let api: APIServer

    init() throws {
        venue = try E2EVenue()
        // Lists stream past 2 rows, so HEAD meets a streamed answer too.
        api = try APIServer(databaseURL: venue.databaseURL, extra: ["--bookings-per-guest", "0", "--bookings-per-address", "0",
                                                                    "--auth-per-address", "0", "--requests-per-address", "0",
                                                                    "--stream-batch", "2"])
    }

    var date: String { venue.tomorrow.description }

    func body(table: String? = "T2", time: String = "13:00") throws -> String {
        let t = try table.map { #""table_id":\#(try venue.tableID($0)),"# } ?? ""
        return #"{"restaurant_id":\#(venue.restaurant.id),\#(t)"reservation_date":"\#(date)","reservation_time":"\#(time)","party_size":2}"#
    }

    func liveRows() throws -> Int {
        try venue.book.daySheet(restaurantID: venue.restaurant.id, date: venue.tomorrow).entries.filter { $0.reservation.status.isLive }.count
    }

    // MARK: Duplicate keys, numeric strings

    @Test func aDuplicateJSONKeyIs400NamingTheKeyAndBooksNothing() async throws {
        let g = try await api.guest("dup@example.com", phone: "611 400 001")
        let other = try E2EVenue.otherVenueID(venue)
        // The first restaurant_id used to win: this booked at the other venue.
        let twice = try body(table: nil).replacingOccurrences(of: "{", with: #"{"restaurant_id":\#(other),"#)
        let a = try await api.call("POST", "/api/reservations/", token: g.access, body: twice)
        #expect(a.status == 400, "\(a.text)")
        #expect(a.object["field"] as? String == "restaurant_id" && a.object["code"] as? String == "duplicate_key", "\(a.text)")
        // The same key spelt with an escape is the same key.
        let escaped = try body().replacingOccurrences(of: "{", with: #"{"p\u0061rty_size":3,"#)
        let b = try await api.call("POST", "/api/reservations/", token: g.access, body: escaped)
        #expect(b.status == 400 && b.object["field"] as? String == "party_size", "\(b.text)")
        // Deeper down too (no field takes an object today, but the rule is the document's).
        let nested = try await api.call("POST", "/api/token/", body: #"{"email":"x@example.com","password":"p","x":{"a":1,"a":2}}"#)
        #expect(nested.status == 400 && nested.object["code"] as? String == "duplicate_key", "\(nested.text)")
        #expect(try liveRows() == 0)
        #expect(try venue.book.daySheet(restaurantID: other, date: venue.tomorrow).entries.isEmpty)

        // An Idempotency-Key does not replay a body whose second party_size differs.
        let first = try await api.call("POST", "/api/reservations/", token: g.access, body: try body(time: "14:00"),
                                       headers: ["Idempotency-Key": "dup-1"])
        #expect(first.status == 201, "\(first.text)")
        let sneaky = try body(time: "14:00").replacingOccurrences(of: "}", with: #","party_size":5}"#)
        let replay = try await api.call("POST", "/api/reservations/", token: g.access, body: sneaky, headers: ["Idempotency-Key": "dup-1"])
        #expect(replay.status == 400 && replay.object["field"] as? String == "party_size", "\(replay.status) \(replay.text)")
        #expect(replay.header("Idempotent-Replayed") == nil)
    }

    @Test func numericStringsAreRefusedWhereTheContractSaysInteger() async throws {
        let g = try await api.guest("num@example.com", phone: "611 400 002")
        for field in ["party_size", "restaurant_id", "table_id"] {
            var b = try JSONSerialization.jsonObject(with: Data(try body().utf8)) as! [String: Any]
            b[field] = "\(b[field]!)"
            let a = try await api.call("POST", "/api/reservations/", token: g.access, body: b)
            #expect(a.status == 400 && a.object["field"] as? String == field, "\(field): \(a.text)")
        }
        // A whole number written as 2.0 is an integer in JSON Schema's sense, and is still accepted.
        let whole = try body().replacingOccurrences(of: #""party_size":2"#, with: #""party_size":2.0"#)
        #expect(try await api.call("POST", "/api/reservations/", token: g.access, body: whole).status == 201)
    }

    // MARK: HTTP-layer errors, HEAD, query parameters

    /// Requests the HTTP parser refuses before any route sees them: each answer is JSON like every other error.
    static let malformed: [(String, [UInt8])] = [
        ("HTTP/0.9 request line", Array("GET /health/\r\n\r\n".utf8)),
        ("unknown HTTP version", Array("GET /health/ HTTP/2.7\r\nHost: t\r\n\r\n".utf8)),
        ("2,000 headers", Array(("GET /health/ HTTP/1.1\r\nHost: t\r\n" + (0..<2000).map { "X-H\($0): v\r\n" }.joined() + "\r\n").utf8)),
        ("a 200 KB header", Array(("GET /health/ HTTP/1.1\r\nHost: t\r\nX-Big: " + String(repeating: "a", count: 200_000) + "\r\n\r\n").utf8)),
        ("a 200 KB path", Array(("GET /health/?" + String(repeating: "a", count: 200_000) + " HTTP/1.1\r\nHost: t\r\n\r\n").utf8)),
        ("a bad method", Array("G@T /health/ HTTP/1.1\r\nHost: t\r\n\r\n".utf8)),
        ("a header without a colon", Array("GET /health/ HTTP/1.1\r\nHost: t\r\nNoColon\r\n\r\n".utf8)),
        ("a space before the colon", Array("GET /health/ HTTP/1.1\r\nHost : t\r\n\r\n".utf8)),
        ("Content-Length and Transfer-Encoding", Array("POST /api/token/ HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n".utf8)),
        ("a bad Content-Length", Array("POST /api/token/ HTTP/1.1\r\nHost: t\r\nContent-Length: 1x\r\n\r\n".utf8)),
        ("a bad chunk size", Array("POST /api/token/ HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".utf8)),
        ("a NUL in the path", Array("GET /he\u{0}alth/ HTTP/1.1\r\nHost: t\r\n\r\n".utf8)),
    ]

    @Test func httpLayerErrorsAreJSON() async throws {
        for (name, bytes) in Self.malformed {
            let s = try RawHTTP(api)
            s.send(bytes)
            let got = s.read(for: 5)
            let r = RawHTTP.Response(got.data)
            let text = String(decoding: got.data.prefix(400), as: UTF8.self)
            #expect(r.map { (400..<500).contains($0.status) } == true, "\(name): \(text)")
            #expect(r?.headers["content-type"]?.hasPrefix("application/json") == true, "\(name): \(text)")
            #expect(r?.json["error"] is String && r?.json["code"] is String && r?.json.keys.contains("field") == true, "\(name): \(text)")
            #expect(got.closed, "\(name): the connection is closed after a request it could not read")
        }
        #expect(try await api.call("GET", "/health/").status == 200)
    }

    @Test func headOfAGetRouteAnswersAsGetWithoutABody() async throws {
        for path in ["/health/", "/api/restaurants/restaurants/", "/api/restaurants/restaurants/\(venue.restaurant.id)/", "/api/nowhere/"] {
            let get = try await api.call("GET", path)
            let head = try await api.call("HEAD", path)
            #expect(head.status == get.status, "\(path): HEAD \(head.status), GET \(get.status)")
            #expect(head.data.isEmpty)
            #expect(head.header("Content-Type") == get.header("Content-Type"), "\(path)")
            // (The health check's timestamp and the 404's text, which names the method, vary in length.)
            if path.hasPrefix("/api/restaurants/") { #expect(head.header("Content-Length") == String(get.data.count), "\(path): \(head.headers)") }
        }
        // On the wire: a HEAD answer has no body, and the connection carries the next request.
        let s = try RawHTTP(api)
        s.send("HEAD /api/restaurants/restaurants/ HTTP/1.1\r\nHost: t\r\n\r\nGET /health/ HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        let both = String(decoding: s.read(for: 5).data, as: UTF8.self)
        #expect(both.hasPrefix("HTTP/1.1 200") && both.components(separatedBy: "HTTP/1.1 200").count == 3, "\(both)")
        #expect(both.contains("\"database\""))
        #expect(!both.contains("\"results\""), "HEAD sent a body: \(both)")
        // A streamed list (no Content-Length): HEAD sends its head alone, and the next answer follows intact.
        let g = try await api.guest("head@example.com", phone: "611 400 009")
        for time in ["10:00", "12:00", "14:00"] {
            #expect(try await api.call("POST", "/api/reservations/", token: g.access, body: try body(table: "T3", time: time)).status == 201)
        }
        #expect(try await api.call("GET", "/api/reservations/", token: g.access).array.count == 3)
        let t = try RawHTTP(api)
        t.send("HEAD /api/reservations/ HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(g.access)\r\n\r\n" +
               "GET /health/ HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        let streamed = String(decoding: t.read(for: 5).data, as: UTF8.self)
        let answers = streamed.components(separatedBy: "HTTP/1.1 ")
        #expect(answers.count == 3 && answers[1].hasPrefix("200") && answers[2].hasPrefix("200"), "\(streamed)")
        #expect(!streamed.contains("\"reservation_time\"") && streamed.contains("\"database\""), "\(streamed)")

        // The confirm link's GET writes: its HEAD (a mail scanner's) is 405 and confirms nothing.
        let held = try #require(try venue.book.daySheet(restaurantID: venue.restaurant.id, date: venue.tomorrow).entries.first)
        let link = try #require(ConfirmLink(publicURL: api.base, secret: APIServer.linkSecret)).url(for: held.id)
        let scanned = try await api.call("HEAD", String(link.dropFirst(api.base.count)))
        #expect(scanned.status == 405 && scanned.header("Allow") == "GET, POST")
        #expect(try venue.book.reservation(id: held.id).reservation.status == .pending)

        // HEAD of a route that has no GET is refused as GET is there.
        #expect(try await api.call("HEAD", "/api/token/").status == (try await api.call("GET", "/api/token/").status))
    }

    @Test func unknownOrRepeatedQueryParametersAre400NamingThem() async throws {
        let g = try await api.guest("query@example.com", phone: "611 400 003")
        let id = venue.restaurant.id
        let cases: [(String, String?, String)] = [
            ("/api/restaurants/restaurants/?foo=1", nil, "foo"),
            ("/api/restaurants/restaurants/?page=1&pagesize=5", nil, "pagesize"),
            ("/api/restaurants/restaurants/\(id)/?x=1", nil, "x"),
            ("/api/restaurants/restaurants/\(id)/available_tables/?date=\(date)&time=13:00&party_size=2&party=4", nil, "party"),
            ("/api/restaurants/tables/?restaurant=\(id)&restaurant=\(id + 1)", nil, "restaurant"),
            ("/api/reservations/?restaurnt=\(id)", g.access, "restaurnt"),
            ("/api/reservations/?status=pending&status=confirmed", g.access, "status"),
            ("/health/?verbose=1", nil, "verbose"),
        ]
        for (path, token, field) in cases {
            let a = try await api.call("GET", path, token: token)
            #expect(a.status == 400 && a.object["field"] as? String == field && a.object["code"] as? String == "invalid", "\(path): \(a.status) \(a.text)")
        }
        // The documented ones still work.
        #expect(try await api.call("GET", "/api/restaurants/restaurants/?page=1&page_size=5").status == 200)
        #expect(try await api.call("GET", "/api/reservations/?restaurant=\(id)&date=\(date)&status=pending&limit=5", token: g.access).status == 200)
    }

    // MARK: Status changes

    @Test func onlyTheStatusesAnyoneMaySetAreAcceptedAndGuestsOnlyCancel() async throws {
        let g = try await api.guest("hold@example.com", phone: "611 400 004")
        let made = try await api.call("POST", "/api/reservations/", token: g.access, body: try body())
        let id = try #require(made.object["id"] as? String)
        let marco = try await api.signIn(["username": "marco", "password": E2EVenue.managerPassword])
        // "pending" (the hold's own status) and "expired" are nobody's to set: 400 for the guest and for staff.
        for token in [g.access, marco.access] {
            for status in ["pending", "expired"] {
                let a = try await api.call("PATCH", "/api/reservations/\(id)/", token: token, body: ["status": status])
                #expect(a.status == 400 && a.object["field"] as? String == "status", "\(status): \(a.status) \(a.text)")
            }
        }
        // A guest may set only cancelled, even when the booking is already in the state asked for.
        let confirmed = try await api.call("PATCH", "/api/reservations/\(id)/", token: marco.access, body: ["status": "confirmed"])
        #expect(confirmed.status == 200)
        #expect(try await api.call("PATCH", "/api/reservations/\(id)/", token: g.access, body: ["status": "confirmed"]).status == 403)
        #expect(try await api.call("PATCH", "/api/reservations/\(id)/", token: g.access, body: ["status": "cancelled"]).status == 200)
        #expect(try await api.call("PATCH", "/api/reservations/\(id)/", token: g.access, body: ["status": "cancelled"]).status == 200)
        #expect(try venue.book.reservation(id: UUID(uuidString: id)!).reservation.status == .cancelled)
    }

    @Test func concurrentCancelsOfOneBookingAllSucceed() async throws {
        let g = try await api.guest("cancel@example.com", phone: "611 400 005")
        let server = api, token = g.access
        var statuses: [String: Int] = [:]
        for round in 0..<12 {
            let made = try await api.call("POST", "/api/reservations/", token: g.access,
                                          body: try body(table: ["T1", "T2", "T3", "T4"][round % 4], time: String(format: "%02d:00", 1 + round)))
            let id = try #require(made.object["id"] as? String, "\(made.text)")
            let answers = try await withThrowingTaskGroup(of: (String, Int).self) { group in
                for k in 0..<4 {
                    group.addTask {
                        k % 2 == 0 ? ("DELETE", try await server.call("DELETE", "/api/reservations/\(id)/", token: token).status)
                                   : ("PATCH", try await server.call("PATCH", "/api/reservations/\(id)/", token: token, body: ["status": "cancelled"]).status)
                    }
                }
                var all: [(String, Int)] = []
                for try await a in group { all.append(a) }
                return all
            }
            for (method, status) in answers { statuses["\(method) \(status)", default: 0] += 1 }
        }
        #expect(Set(statuses.keys).isSubset(of: ["DELETE 204", "PATCH 200"]), "\(statuses)")
    }

    // MARK: Names and notes, ids

    @Test func invisibleFormatCharactersAreStrippedFromNamesAndNotes() async throws {
        let reg = try await api.call("POST", "/api/auth/register/", body: ["email": "cf@example.com", "password": "a long pass phrase",
                                                                            "first_name": "A\u{200B}na\u{2060}", "last_name": "Ru\u{00AD}iz\u{E0041}",
                                                                            "phone": "611 400 006"])
        #expect(reg.status == 201, "\(reg.text)")
        #expect(reg.object["first_name"] as? String == "Ana" && reg.object["last_name"] as? String == "Ruiz", "\(reg.text)")
        let g = try await api.signIn(["email": "cf@example.com", "password": "a long pass phrase"])
        var b = try JSONSerialization.jsonObject(with: Data(try body().utf8)) as! [String: Any]
        b["notes"] = "sin\u{200B} gluten\u{FEFF}\u{180E}"
        let made = try await api.call("POST", "/api/reservations/", token: g.access, body: b)
        #expect(made.status == 201, "\(made.text)")
        #expect(made.object["notes"] as? String == "sin gluten", "\(made.text)")
        #expect((made.object["customer"] as? [String: Any])?["name"] as? String == "Ana Ruiz", "\(made.text)")
    }

    @Test func theIdAGuestRegisteredWithIsAcceptedAsCustomerID() async throws {
        let reg = try await api.call("POST", "/api/auth/register/", body: ["email": "own@example.com", "password": "a long pass phrase",
                                                                            "first_name": "Own", "phone": "611 400 007"])
        let accountID = try #require(reg.object["id"] as? Int)
        let signIn = try await api.call("POST", "/api/token/", body: ["email": "own@example.com", "password": "a long pass phrase"])
        #expect(signIn.object["account_id"] as? Int == accountID, "\(signIn.text)")
        let token = try #require(signIn.object["access"] as? String)
        var b = try JSONSerialization.jsonObject(with: Data(try body().utf8)) as! [String: Any]
        b["customer_id"] = accountID
        let made = try await api.call("POST", "/api/reservations/", token: token, body: b)
        #expect(made.status == 201, "\(made.text)")
        let customer = try #require(made.object["customer"] as? [String: Any])
        #expect(customer["email"] as? String == "own@example.com", "\(made.text)")
        // The venue's record for them (the reservation's customer_id) is theirs too.
        b["customer_id"] = made.object["customer_id"]
        b["reservation_time"] = "15:00"
        let again = try await api.call("POST", "/api/reservations/", token: token, body: b)
        #expect(again.status == 201, "\(again.text)")
        // Anyone else's id is still refused.
        let other = try await api.guest("someone@example.com", phone: "611 400 008")
        b["reservation_time"] = "17:00"
        let theirs = try await api.call("POST", "/api/reservations/", token: other.access, body: b)
        #expect(theirs.status == 403, "\(theirs.text)")
    }
}

extension E2EVenue {
    /// A second venue in the same database (the first venue's floor under another slug).
    static func otherVenueID(_ venue: E2EVenue) throws -> Int64 {
        let other = try venue.book.importFloor(FloorFile.parse(E2EVenue.floor.replacingOccurrences(of: "slug = \"e2e\"", with: "slug = \"e2e-two\"")),
                                               actor: .commandLine(user: "test"))
        return other.id
    }
}
