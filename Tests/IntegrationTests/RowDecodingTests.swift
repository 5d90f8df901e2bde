import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain
@testable import ReservationNative

/// Rows that do not hold what the code reads: every accessor throws a `RowDecodingError` naming the
/// column, never a made-up value (0, 1970, a random UUID, "", a default status).
@Suite("Row decoding fails loudly")
struct RowDecodingTests {
    /// The one row of `sql`, from the test's own database.
    static func row(_ t: TestEnv, _ sql: String) throws -> PGRow {
        try #require(try t.sql.queryOne(sql))
    }

    @Test("NULL: a required value throws, an optional one is nil")
    func null() throws {
        let t = try TestEnv()
        let row = try Self.row(t, """
            SELECT NULL::int AS n, NULL::text AS s, NULL::float8 AS at, NULL::uuid AS id, NULL::boolean AS b, NULL::text[] AS tags
            """)
        #expect(throws: RowDecodingError(column: "n", problem: .null)) { try row.int("n") }
        #expect(throws: RowDecodingError(column: "n", problem: .null)) { try row.int64("n") }
        #expect(throws: RowDecodingError(column: "s", problem: .null)) { try row.string("s") }
        #expect(throws: RowDecodingError(column: "at", problem: .null)) { try row.date("at") }
        #expect(throws: RowDecodingError(column: "id", problem: .null)) { try row.uuid("id") }
        #expect(throws: RowDecodingError(column: "b", problem: .null)) { try row.bool("b") }
        #expect(throws: RowDecodingError(column: "tags", problem: .null)) { try row.stringArray("tags") }
        #expect(throws: RowDecodingError(column: "s", problem: .null)) { try row.string("s", as: ReservationStatus.self) }
        #expect(try row.optionalInt64("n") == nil)
        #expect(try row.optionalString("s") == nil)
        #expect(try row.optionalDate("at") == nil)
        #expect(try row.optionalUUID("id") == nil)
        #expect(try row.optionalBool("b") == nil)
        #expect(try row.optionalString("s", as: ReservationStatus.self) == nil)
    }

    @Test("a column the query did not select throws, for optional accessors too")
    func missingColumn() throws {
        let t = try TestEnv()
        let row = try Self.row(t, "SELECT 1 AS n")
        #expect(throws: RowDecodingError(column: "m", problem: .missingColumn)) { try row.int("m") }
        #expect(throws: RowDecodingError(column: "m", problem: .missingColumn)) { try row.optionalString("m") }
        #expect(throws: RowDecodingError(column: "m", problem: .missingColumn)) { try row.optionalDate("m") }
        #expect(throws: RowDecodingError(column: "m", problem: .missingColumn)) { try row.column("m") }
        #expect(try row.int("n") == 1)
    }

    @Test("text that is not what was asked for throws, whether or not the value is optional")
    func garbage() throws {
        let t = try TestEnv()
        let row = try Self.row(t, """
            SELECT 'twelve' AS n, '' AS empty, 'soon' AS at, 'not-a-uuid' AS id, 'yes' AS b, 'a,b' AS tags
            """)
        #expect(throws: RowDecodingError(column: "n", problem: .notAnInteger)) { try row.int("n") }
        #expect(throws: RowDecodingError(column: "n", problem: .notAnInteger)) { try row.optionalInt64("n") }
        #expect(throws: RowDecodingError(column: "empty", problem: .notAnInteger)) { try row.int64("empty") }
        #expect(throws: RowDecodingError(column: "at", problem: .notATimestamp)) { try row.date("at") }
        #expect(throws: RowDecodingError(column: "at", problem: .notATimestamp)) { try row.optionalDate("at") }
        #expect(throws: RowDecodingError(column: "empty", problem: .notATimestamp)) { try row.optionalDate("empty") }
        #expect(throws: RowDecodingError(column: "id", problem: .notAUUID)) { try row.uuid("id") }
        #expect(throws: RowDecodingError(column: "id", problem: .notAUUID)) { try row.optionalUUID("id") }
        #expect(throws: RowDecodingError(column: "b", problem: .notABoolean)) { try row.bool("b") }
        #expect(throws: RowDecodingError(column: "tags", problem: .notAnArray)) { try row.stringArray("tags") }
    }

    @Test("the by-position reads of hot loops throw too, naming the column")
    func byPosition() throws {
        let t = try TestEnv()
        let row = try Self.row(t, "SELECT 7::bigint AS table_id, NULL::float8 AS s, 'later' AS e, NULL::bigint AS gone")
        let (c, s, e, gone) = (try row.column("table_id"), try row.column("s"), try row.column("e"), try row.column("gone"))
        #expect(try row.int64(at: c) == 7)
        #expect(throws: RowDecodingError(column: "s", problem: .null)) { try row.date(at: s) }
        #expect(try row.optionalDate(at: s) == nil)
        #expect(throws: RowDecodingError(column: "e", problem: .notATimestamp)) { try row.date(at: e) }
        #expect(throws: RowDecodingError(column: "gone", problem: .null)) { try row.int64(at: gone) }
        #expect(throws: RowDecodingError(column: "e", problem: .notAnInteger)) { try row.int64(at: e) }
    }

    @Test("an unknown enum value is an error naming the value and the type, never a default")
    func unknownEnumValue() throws {
        let t = try TestEnv()
        let row = try Self.row(t, "SELECT 'bogus' AS status, 'confirmed' AS known, '{window,jacuzzi}'::text[] AS features")
        #expect(throws: RowDecodingError(column: "status", problem: .unknownValue("bogus", type: "ReservationStatus"))) {
            try row.string("status", as: ReservationStatus.self)
        }
        #expect(throws: RowDecodingError(column: "status", problem: .unknownValue("bogus", type: "StaffRole"))) {
            try row.optionalString("status", as: StaffRole.self)
        }
        #expect(try row.string("known", as: ReservationStatus.self) == .confirmed)
        #expect(throws: RowDecodingError(column: "features", problem: .unknownValue("jacuzzi", type: "TableFeature"))) {
            try row.stringArray("features", as: TableFeature.self)
        }
    }

    @Test("a hand-written row through the mapping: an unknown status is refused, not read as cancelled")
    func mappingRefusesUnknownStatus() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let entry = try t.book.book(Fixtures.request(r), actor: t.host).entry
        // Of two columns with one name the last is read: the stored status, then the one this test makes up.
        let row = try #require(try t.sql.queryOne("""
            SELECT \(Columns.entry), 'bogus' AS status \(Columns.entryJoins) WHERE x.id = $1
            """, [entry.id]))
        #expect(throws: RowDecodingError(column: "status", problem: .unknownValue("bogus", type: "ReservationStatus"))) {
            try row.bookEntry
        }
    }

    @Test("the message names the column and the problem; an unknown value is cut short and shown escaped")
    func message() {
        #expect(RowDecodingError(column: "n", problem: .null).description == "column n is NULL where a value is required")
        let hostile = RowDecodingError(column: "status", problem: .unknownValue("x\u{1B}[31m\u{202E}" + String(repeating: "y", count: 60), type: "ReservationStatus"))
        #expect(hostile.description.hasPrefix(#"column status holds "x\u{1B}[31m\u{202E}yyy"#), "\(hostile)")
        #expect(hostile.description.hasSuffix(#"y"..., which is not a ReservationStatus"#), "\(hostile)")
        #expect(!hostile.description.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E })
        #expect(hostile.description.count < 120)
    }

    /// The error a front end gets for a row the core cannot read: internal, naming the column and the
    /// problem, with nothing of the guest in it.
    static func expectUnreadable(_ column: String, _ problem: String, _ body: () throws(ReservationError) -> Void) {
        do {
            try body()
            Issue.record("the row was read")
        } catch {
            guard case .internalError(let message) = error else { Issue.record("\(error)"); return }
            #expect(message.contains("column \(column) "), "\(message)")
            #expect(message.contains(problem), "\(message)")
            #expect(!message.contains("Lucía") && !message.contains("Garrido") && !message.contains("+34"), "\(message)")
        }
    }

    @Test("a stored reservation whose status this code does not know: every read and change refuses, naming the column")
    func storedUnknownStatus() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let entry = try t.book.book(Fixtures.request(r), actor: t.host).entry
        // A newer program's status, as a schema without this constraint would let it store.
        try t.sql.query("ALTER TABLE reservations DROP CONSTRAINT reservations_status_check")
        // (and without migration 16's status machine, which refuses a status it does not know)
        try t.sql.query("ALTER TABLE reservations DISABLE TRIGGER reservations_status_machine")
        try t.sql.query("ALTER TABLE reservations DISABLE TRIGGER reservations_undo_recorded")
        try t.sql.query("UPDATE reservations SET status = 'waitlisted' WHERE id = $1", [entry.id])
        let unknown = "holds \"waitlisted\", which is not a ReservationStatus"
        Self.expectUnreadable("status", unknown) { () throws(ReservationError) in _ = try t.book.reservation(id: entry.id) }
        Self.expectUnreadable("status", unknown) { () throws(ReservationError) in _ = try t.book.daySheet(restaurantID: r.id, date: Fixtures.friday) }
        let before = try t.writeCounts()
        Self.expectUnreadable("status", unknown) { () throws(ReservationError) in _ = try t.book.apply(.cancel, to: entry.id, actor: t.host) }
        #expect(try t.writeCounts() == before)
        #expect(try t.sql.queryOne("SELECT status FROM reservations WHERE id = $1", [entry.id])?.string("status") == "waitlisted")
    }

    @Test("a stored NULL where the model needs a value, and an unknown table feature, are refused through the book")
    func storedNullAndUnknownFeature() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let entry = try t.book.book(Fixtures.request(r), actor: t.host).entry
        try t.sql.query("ALTER TABLE reservations ALTER COLUMN notes DROP NOT NULL")
        try t.sql.query("UPDATE reservations SET notes = NULL WHERE id = $1", [entry.id])
        Self.expectUnreadable("notes", "is NULL where a value is required") { () throws(ReservationError) in _ = try t.book.reservation(id: entry.id) }

        try t.sql.query("UPDATE dining_tables SET features = '{window,jacuzzi}' WHERE restaurant_id = $1 AND label = 'T3'", [r.id])
        Self.expectUnreadable("features", "holds \"jacuzzi\", which is not a TableFeature") { () throws(ReservationError) in
            _ = try t.book.tables(restaurantID: r.id)
        }
    }
}
