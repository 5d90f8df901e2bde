import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain
@testable import ReservationNative

/// A week whose answers are worked out by hand (docs/reports.md's definitions), written straight into the
/// tables as the owner: history has to be in the past, where the book's own rules no longer let anyone
/// book. The week is Mon 11 to Sun 17 May 2026 at the paced test venue (8 covers per 15 minutes); "now" is
/// the Monday after, at noon.
final class ReportHistory {
    static let range = try! ReportRange(from: Fixtures.date("2026-05-11"), to: Fixtures.date("2026-05-17"))
    static let now = Fixtures.instant(Fixtures.date("2026-05-18"), 12)

    let t: TestEnv
    let r: Restaurant
    private var guests: [String: CustomerID] = [:]

    init() throws {
        t = try TestEnv(now: Self.now)
        r = try t.venue(PacingTests.pacedFloor())
    }

    static func at(_ day: String, _ hour: Int, _ minute: Int = 0) -> Date { Fixtures.instant(Fixtures.date(day), hour, minute) }

    func guest(_ name: String) throws -> CustomerID {
        if let id = guests[name] { return id }
        let id = try #require(try t.sql.queryOne("INSERT INTO customers (restaurant_id, name) VALUES ($1, $2) RETURNING id", [r.id, name])).int64("id")
        guests[name] = id
        return id
    }

    /// A booking as the book would have left it: `made` when it was taken, `updated` its last change.
    @discardableResult
    func booking(_ table: String, party: Int, _ start: Date, minutes: Int = 90, _ status: ReservationStatus, source: ReservationSource = .phone,
                 guest name: String = "Guest", made: Date? = nil, updated: Date? = nil, seated: Date? = nil, completed: Date? = nil) throws -> UUID {
        let made = made ?? start
        return try #require(try t.sql.queryOne("""
            INSERT INTO reservations (restaurant_id, table_id, customer_id, party_size, starts_at, ends_at, status, source, expires_at,
                                      created_by, created_at, updated_at, seated_at, completed_at)
            VALUES ($1, $2, $3, $4, to_timestamp($5::float8), to_timestamp($6::float8), $7, $8,
                    CASE WHEN $7 IN ('pending', 'expired') THEN to_timestamp($5::float8) END, 'test',
                    to_timestamp($9::float8), to_timestamp($10::float8), to_timestamp($11::float8), to_timestamp($12::float8))
            RETURNING id
            """, [r.id, try t.tableID(r.id, table), try guest(name), party, start, start.addingTimeInterval(Double(minutes) * 60), status.rawValue,
                  source.rawValue, made, updated ?? completed ?? seated ?? made, seated, completed])).uuid("id")
    }

    /// The override's note, as `Placement` writes it on the booking's audit row.
    func overPacing(_ id: UUID) throws {
        try t.sql.query("""
            INSERT INTO audit_log (restaurant_id, actor, action, entity, entity_id, after)
            VALUES ($1, 'Marta', 'book', 'reservation', $2, '{"over_pacing": {"slot": "21:00", "covers_before": 8, "party": 2, "limit": 8}}')
            """, [r.id, id.lowercasedString])
    }

    func wait(party: Int, quoted: Int, added: Date, status: WaitlistStatus, seatedOn: UUID? = nil, lastChange: Date? = nil) throws {
        try t.sql.query("""
            INSERT INTO waitlist (restaurant_id, name, party_size, quoted_minutes, status, reservation_id, created_at, updated_at)
            VALUES ($1, 'Walk-in', $2, $3, $4, $5::uuid, to_timestamp($6::float8), to_timestamp($7::float8))
            """, [r.id, party, quoted, status.rawValue, seatedOn?.lowercasedString, added, lastChange ?? added])
    }

    /// The week (see docs/reports.md for the worked answers the tests check).
    func write() throws {
        func at(_ day: String, _ hour: Int, _ minute: Int = 0) -> Date { Self.at(day, hour, minute) }
        // Friday 15
        try booking("T1", party: 2, at("2026-05-15", 13), .completed, made: at("2026-05-10", 10), seated: at("2026-05-15", 13, 5), completed: at("2026-05-15", 14, 15))
        // Seated ten minutes early: its turn is 70 minutes (12:50-14:00), not 60 from its booked time.
        try booking("T2", party: 2, at("2026-05-15", 13), .completed, made: at("2026-05-15", 9), seated: at("2026-05-15", 12, 50), completed: at("2026-05-15", 14))
        try booking("T3", party: 4, at("2026-05-15", 20), .noShow, source: .online, guest: "Nora Falta", made: at("2026-04-20", 11))
        try booking("T4", party: 4, at("2026-05-15", 20), .cancelled, source: .staff, made: at("2026-05-14", 20), updated: at("2026-05-15", 18, 30))
        try booking("P1", party: 3, at("2026-05-15", 13, 30), .completed, source: .walkIn, seated: at("2026-05-15", 13, 30), completed: at("2026-05-15", 15))
        // Saturday 16
        try booking("T1", party: 2, at("2026-05-16", 21), .completed, made: at("2026-05-01", 10), seated: at("2026-05-16", 21), completed: at("2026-05-16", 22, 10))
        try booking("T2", party: 2, at("2026-05-16", 21), .completed, made: at("2026-05-16", 10), seated: at("2026-05-16", 21, 5), completed: at("2026-05-16", 22, 20))
        try booking("T3", party: 4, at("2026-05-16", 21), .noShow, source: .online, guest: "Nora Falta", made: at("2026-05-10", 9))
        try booking("T4", party: 6, at("2026-05-16", 21), .cancelled, made: at("2026-05-05", 12), updated: at("2026-05-13", 12))
        try booking("P1", party: 2, at("2026-05-16", 19), .expired, source: .online, made: at("2026-05-16", 10))
        let past = try booking("P1", party: 2, at("2026-05-16", 21), .completed, made: at("2026-05-09", 10), seated: at("2026-05-16", 21),
                               completed: at("2026-05-16", 22, 30))
        try overPacing(past)
        try wait(party: 4, quoted: 20, added: at("2026-05-16", 21), status: .removed)
        // Sunday 17
        try booking("T1", party: 2, at("2026-05-17", 13), .completed, made: at("2026-05-12", 10), seated: at("2026-05-17", 13), completed: at("2026-05-17", 14, 10))
        try booking("T2", party: 2, at("2026-05-17", 13, 15), .confirmed, made: at("2026-05-12", 11))
        let lunch = try booking("T3", party: 2, at("2026-05-17", 13, 20), .completed, source: .walkIn, seated: at("2026-05-17", 13, 20),
                                completed: at("2026-05-17", 14, 30))
        // The entry's last change is later than the seating: the wait is measured to the seating.
        try wait(party: 2, quoted: 30, added: at("2026-05-17", 13), status: .seated, seatedOn: lunch, lastChange: at("2026-05-17", 15))
        let dinner = try booking("T3", party: 2, at("2026-05-17", 20), .completed, source: .walkIn, seated: at("2026-05-17", 20), completed: at("2026-05-17", 21))
        try wait(party: 2, quoted: 15, added: at("2026-05-17", 19, 40), status: .seated, seatedOn: dinner)
        // The week before: one dinner of four.
        try booking("T3", party: 4, at("2026-05-08", 20), .completed, made: at("2026-05-01", 10), seated: at("2026-05-08", 20), completed: at("2026-05-08", 22))
    }

    func report(_ kind: ReportKind, actor: Actor? = nil) throws -> Report {
        try t.book.report(kind, restaurantID: r.id, range: Self.range, actor: actor ?? t.admin)
    }
}
