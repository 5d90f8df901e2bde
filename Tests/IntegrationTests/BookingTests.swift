import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain
@testable import ReservationNative

@Suite("Booking")
struct BookingTests {
    @Test("a phone booking is confirmed, mails are queued, the audit log has it")
    func happyPath() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let out = try t.book.book(Fixtures.request(r), actor: t.host)
        let res = out.entry.reservation

        #expect(out.degraded == false)
        #expect(res.status == .confirmed)
        #expect(res.source == .phone)
        #expect(res.createdBy == "Ana")
        #expect(out.entry.tableLabel == "T3")
        #expect(res.partySize == 4)
        #expect(res.startsAt == Fixtures.instant(Fixtures.friday, 19))
        #expect(res.endsAt == Fixtures.instant(Fixtures.friday, 21))
        #expect(res.expiresAt == nil)
        #expect(out.entry.customer.name == "Lucía Garrido")
        #expect(out.entry.customer.phone == "+34600123456")
        #expect(out.entry.customer.email == "lucia@example.com")

        let mails = try t.sql.query("""
            SELECT kind, recipient, status, extract(epoch FROM scheduled_for) AS at, message_id, subject
            FROM notifications WHERE reservation_id = $1 ORDER BY kind
            """, [res.id])
        #expect(try mails.map { try $0.string("kind") } == ["confirmation", "reminder"])
        #expect(try mails.allSatisfy { try $0.string("status") == "scheduled" && $0.string("recipient") == "lucia@example.com" })
        #expect(try mails[0].date("at") == t.clock.now)
        #expect(try mails[1].date("at") == res.startsAt.addingTimeInterval(-24 * 3600))
        #expect(try mails[0].string("message_id") == "<\(res.id.uuidString.lowercased()).confirmation@casa.reservaflow>")

        let audit = try t.sql.query("""
            SELECT actor, action, entity, after->>'status' AS status, after->>'table_id' AS table_id
            FROM audit_log WHERE entity_id = $1
            """, [res.id.uuidString.lowercased()])
        #expect(audit.count == 1)
        #expect(try audit.first?.string("actor") == "Ana")
        #expect(try audit.first?.string("action") == "book")
        #expect(try audit.first?.string("entity") == "reservation")
        #expect(try audit.first?.string("status") == "confirmed")
        #expect(try audit.first?.int64("table_id") == res.tableID)
    }

    @Test("a reservation is found by its short reference or full id")
    func references() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let entry = try t.book.book(Fixtures.request(r), actor: t.host).entry
        #expect(try t.book.reservation(reference: entry.reservation.shortID).id == entry.id)
        #expect(try t.book.reservation(reference: entry.id.uuidString.uppercased()).id == entry.id)
        #expect(expectInvalid("reservation") { _ = try t.book.reservation(reference: "zz-top") } != nil)
        let missing = entry.reservation.shortID.first == "0" ? "ffffffff" : "00000000"
        #expect(throws: ReservationError.notFound(.reservation, id: missing)) { try t.book.reservation(reference: missing) }
        let sheet = try t.book.daySheet(restaurantID: r.id, date: Fixtures.friday)
        #expect(sheet.entries.map(\.id) == [entry.id])
        #expect(sheet.windows.map(\.name) == ["lunch", "dinner"])
        #expect(try t.book.daySheet(restaurantID: r.id, date: Fixtures.holiday).closure?.reason == "Private event")
    }

    @Test("a guest without e-mail gets no mails queued")
    func noEmailNoMail() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let out = try t.book.book(Fixtures.request(r, email: nil), actor: t.host)
        #expect(out.entry.customer.email == nil)
        #expect(try t.count("notifications") == 0)
    }

    @Test("an overlapping booking at a different start time is refused, naming the first guest")
    func overlapAtDifferentStart() throws {
        let t = try TestEnv()
        let r = try t.venue()
        _ = try t.book.book(Fixtures.request(r, time: Fixtures.time(19, 0), name: "Carmen Vidal"), actor: t.host)
        // With Redis and without: PostgreSQL decides either way.
        for book in [t.book, try t.anotherBook(redisURL: nil)] {
            try t.expectNothingWritten {
                #expect(throws: ReservationError.tableTaken(table: "T3", from: "19:00", to: "21:00", guest: "Carmen Vidal")) {
                    try book.book(Fixtures.request(r, time: Fixtures.time(19, 30), name: "Pedro Sanz", phone: "611 000 111"), actor: t.host)
                }
            }
        }
        // Starting earlier and running into a later booking is just as taken.
        _ = try t.book.book(Fixtures.request(r, table: "P1", time: Fixtures.time(20), name: "Eva Marín", phone: "611 000 112"), actor: t.host)
        #expect(throws: ReservationError.tableTaken(table: "P1", from: "20:00", to: "22:00", guest: "Eva Marín")) {
            try t.book.book(Fixtures.request(r, table: "P1", time: Fixtures.time(19), party: 3, name: "Y", phone: "611 000 113"), actor: t.host)
        }
    }

    @Test("back to back on one table is allowed (half-open ranges)")
    func backToBack() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let first = try t.book.book(Fixtures.request(r, time: Fixtures.time(19)), actor: t.host)
        let second = try t.book.book(Fixtures.request(r, time: Fixtures.time(21), name: "Pedro Sanz", phone: "611 000 111"), actor: t.host)
        #expect(first.entry.reservation.endsAt == second.entry.reservation.startsAt)
        #expect(second.entry.tableLabel == "T3")
    }

    @Test("without a table the smallest free one that fits is chosen, then nearby times are offered")
    func bestFit() throws {
        let t = try TestEnv()
        let r = try t.venue()
        var labels: [String] = []
        for i in 0..<4 {
            let out = try t.book.book(Fixtures.request(r, table: nil, party: 2, name: "Guest \(i)", phone: Fixtures.phone(i)), actor: t.host)
            labels.append(out.entry.tableLabel)
        }
        // 2-tops first (T1 before T2), then the 2-4 tables (P1 before T3); T4 takes 3 or more.
        #expect(labels == ["T1", "T2", "P1", "T3"])
        try t.expectNothingWritten {
            #expect(throws: ReservationError.noTableFree(party: 2, at: "2026-05-15 19:00", alternatives: ["20:30", "20:45", "21:00", "21:15"])) {
                try t.book.book(Fixtures.request(r, table: nil, party: 2, name: "Late", phone: Fixtures.phone(9)), actor: t.host)
            }
        }
        // A party of 5 still gets T4.
        #expect(try t.book.book(Fixtures.request(r, table: nil, party: 5, name: "Five", phone: Fixtures.phone(5)), actor: t.host).entry.tableLabel == "T4")
    }

    @Test("every invalid request is refused with the field named, and writes nothing")
    func refusals() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let today = Fixtures.wednesday
        func attempt(_ field: String, _ req: BookingRequest) throws -> String? {
            var message: String?
            try t.expectNothingWritten {
                message = expectInvalid(field) { _ = try t.book.book(req, actor: t.host) }
            }
            return message
        }
        // Party too large for the table, and for the venue.
        #expect(try attempt("table", Fixtures.request(r, table: "T1", party: 4)) == "Table T1 seats 1-2; a party of 4 does not fit.")
        #expect(try attempt("party", Fixtures.request(r, table: nil, party: 13))?.contains("1 to 12") == true)
        #expect(try attempt("party", Fixtures.request(r, table: nil, party: 0)) != nil)
        // Outside opening hours, and a turn that would run past closing (dinner closes 23:30).
        #expect(try attempt("time", Fixtures.request(r, time: Fixtures.time(17)))?.contains("outside opening hours") == true)
        #expect(try attempt("time", Fixtures.request(r, time: Fixtures.time(22, 30)))?.contains("last seating 21:30") == true)
        #expect(try attempt("time", Fixtures.request(r, time: Fixtures.time(12, 45))) != nil)
        // A closure.
        let closed = try attempt("date", Fixtures.request(r, date: Fixtures.holiday))
        #expect(closed?.contains("closed") == true && closed?.contains("Private event") == true)
        // The past: yesterday, and earlier today.
        #expect(try attempt("date", Fixtures.request(r, date: today.adding(days: -1)))?.contains("in the past") == true)
        t.clock.set(today, 14, 0)
        #expect(try attempt("time", Fixtures.request(r, date: today, time: Fixtures.time(13, 0)))?.contains("already passed") == true)
        t.clock.set(today, 12, 0)
        // Beyond the 60-day advance window (day 60 itself is fine).
        #expect(try attempt("date", Fixtures.request(r, date: today.adding(days: 61)))?.contains("60 days") == true)
        #expect(try t.book.book(Fixtures.request(r, date: today.adding(days: 60)), actor: t.host).entry.reservation.status == .confirmed)
        // Guest details.
        _ = try attempt("phone", Fixtures.request(r, phone: "600-CALL-NOW"))
        _ = try attempt("phone", Fixtures.request(r, phone: "12"))
        _ = try attempt("phone", Fixtures.request(r, phone: ""))
        _ = try attempt("email", Fixtures.request(r, email: "lucia@example"))
        _ = try attempt("email", Fixtures.request(r, email: "lucia@example.com\r\nBcc: all@example.com"))
        _ = try attempt("name", Fixtures.request(r, name: " \u{1B}[2J\t "))
        _ = try attempt("notes", Fixtures.request(r, notes: String(repeating: "x", count: 501)))
        _ = try attempt("table", Fixtures.request(r, table: "T99"))
        _ = try attempt("hold", Fixtures.request(r, holdMinutes: 0))
        // An unknown guest id and venue.
        try t.expectNothingWritten {
            var req = Fixtures.request(r)
            req.guest = .existing(987_654)
            #expect(throws: ReservationError.notFound(.guest, id: "987654")) { try t.book.book(req, actor: t.host) }
        }
    }

    @Test("names and notes with terminal escapes and bidi controls are stored clean")
    func hostileTextIsSanitised() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let name = "\u{1B}[2J\u{1B}]0;owned\u{07}Ana\u{202E} Gómez\u{9B}31m\n"
        let notes = "Window\tseat \u{1B}]8;;http://evil\u{1B}\\please\u{2066}\u{200F} 🎂"
        let out = try t.book.book(Fixtures.request(r, name: name, notes: notes), actor: t.host)
        #expect(out.entry.customer.name == "Ana Gómez")
        #expect(out.entry.reservation.notes == "Window seat please 🎂")
        let row = try #require(try t.sql.queryOne("""
            SELECT c.name, x.notes FROM reservations x JOIN customers c ON c.id = x.customer_id WHERE x.id = $1
            """, [out.entry.id]))
        #expect(try row.string("name") == "Ana Gómez")
        #expect(try row.string("notes") == "Window seat please 🎂")
    }

    @Test("a lapsed pending hold does not block, and is marked expired with an audit row")
    func lapsedHold() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let hold = try t.book.book(Fixtures.request(r, name: "Holder", holdMinutes: 15), actor: t.host).entry.reservation
        #expect(hold.status == .pending)
        #expect(hold.expiresAt == t.clock.now.addingTimeInterval(15 * 60))
        // A hold gets "hold received, confirm by ..." and a reminder; the confirmation waits for confirm.
        #expect(try t.sql.query("SELECT kind FROM notifications WHERE reservation_id = $1 ORDER BY kind", [hold.id])
            .map { try $0.string("kind") } == ["hold", "reminder"])

        // While it lasts, it holds the table.
        #expect(throws: ReservationError.tableTaken(table: "T3", from: "19:00", to: "21:00", guest: "Holder")) {
            try t.book.book(Fixtures.request(r, time: Fixtures.time(19, 30), name: "Other", phone: "611 000 111"), actor: t.host)
        }
        t.clock.advance(minutes: 15)  // expires_at itself: lapsed
        let other = try t.book.book(Fixtures.request(r, time: Fixtures.time(19, 30), name: "Other", phone: "611 000 111"), actor: t.host)
        #expect(other.entry.tableLabel == "T3")
        #expect(try t.book.reservation(id: hold.id).reservation.status == .expired)
        let audit = try t.sql.query("SELECT action, actor, before->>'status' AS b, after->>'status' AS a FROM audit_log WHERE entity_id = $1 ORDER BY id",
                                    [hold.id.uuidString.lowercased()])
        #expect(try audit.map { try $0.string("action") } == ["book", "expired"])
        #expect(try audit.last?.string("b") == "pending")
        #expect(try audit.last?.string("a") == "expired")
        // Its pending mails were withdrawn.
        #expect(try t.count("notifications", where: "reservation_id = $1 AND status IN ('scheduled', 'retryable')", [hold.id]) == 0)
    }

    @Test("audit_log refuses UPDATE, DELETE and TRUNCATE, even in raw SQL")
    func auditIsAppendOnly() throws {
        let t = try TestEnv()
        let r = try t.venue()
        _ = try t.book.book(Fixtures.request(r), actor: t.host)
        let before = try t.count("audit_log")
        // The floor import's rows, and the booking's: its reservation and its new guest.
        #expect(try t.count("audit_log", where: "action = 'book'") == 2)
        #expect(try t.count("audit_log", where: "action = 'floor_import'") == before - 2)
        for statement in ["UPDATE audit_log SET actor = 'nobody'", "DELETE FROM audit_log", "TRUNCATE audit_log"] {
            let error = #expect(throws: PGError.self) { try t.sql.query(statement) }
            #expect(error?.sqlState == "42501", "\(statement)")
        }
        #expect(try t.count("audit_log") == before)
        #expect(try t.count("audit_log", where: "actor = 'nobody'") == 0)
    }

    /// Availability reads a day's bookings as a range of start times, looking back one
    /// `Reservation.maximumLength` (migration 13): the schema must refuse anything longer, and a booking
    /// of almost that length must still block the next day's tables.
    @Test("a booking may last a day and no longer; one running into the next day's lunch takes its table there")
    func aBookingLastsAtMostADay() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let id = try t.book.book(Fixtures.request(r, table: "T3", date: Fixtures.friday, time: Fixtures.time(19), party: 2), actor: t.host).entry.id
        let saturday = Fixtures.friday.adding(days: 1)
        func lunchTables() throws -> [String] {
            try #require(try t.anotherBook(redisURL: nil).availability(restaurantID: r.id, date: saturday, party: 2).slot(at: Fixtures.time(13))).tables.map(\.label)
        }
        #expect(try lunchTables().contains("T3"))

        let longest = Int(Reservation.maximumLength)
        let error = #expect(throws: PGError.self) {
            try t.sql.query("UPDATE reservations SET ends_at = starts_at + make_interval(secs => $2) WHERE id = $1", [id, longest + 60])
        }
        #expect(error?.sqlState == "23514" && error?.constraint == "reservations_at_most_a_day", "\(String(describing: error))")

        // 19:00 Friday plus a day less five minutes: until 18:55 on Saturday, over the whole lunch service.
        try t.sql.query("UPDATE reservations SET ends_at = starts_at + make_interval(secs => $2) WHERE id = $1", [id, longest - 300])
        #expect(try !lunchTables().contains("T3"))
    }
}
