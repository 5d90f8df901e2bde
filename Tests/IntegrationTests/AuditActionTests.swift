import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain
import ReservationNative

/// The audit actions are an enum in the code and a list in the database's event function (migration 17):
/// an event the code declares that the database does not know would fail every sign-in or merge, and one
/// the database accepts that the code never writes is a door left open. Both lists must be the same.
@Suite("Audit actions")
struct AuditActionTests {
    @Test("the database accepts as events exactly the actions the code calls events")
    func eventsAgree() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 12, 0))
        let db = try PGConnection(url: t.databaseURL)
        for action in AuditAction.allCases {
            var accepted = true
            do {
                try db.transaction {
                    _ = try db.query("SELECT reservaflow_declare(NULL, 'tester', NULL, $1, NULL)", [action.rawValue])
                    _ = try db.query("SELECT reservaflow_audit_event(NULL, 'test', NULL, NULL, NULL)")
                    throw CancellationError()  // nothing is kept
                }
            } catch is CancellationError {
            } catch {
                accepted = false
            }
            #expect(accepted == action.isEvent, "\(action.rawValue): the database \(accepted ? "accepts" : "refuses") it as an event")
        }
    }

    @Test("a status change is declared as the status it moved to, and only undo steps back")
    func becoming() {
        #expect(ReservationStatus.allCases.map { AuditAction.becoming($0).rawValue }
                == ["book", "confirmed", "seated", "completed", "cancelled", "no_show", "expired"])
        #expect(AuditAction.waitlist(.notified) == .waitlistNotified && AuditAction.waitlist(.seated) == nil)
    }
}
