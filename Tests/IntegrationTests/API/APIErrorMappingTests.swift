import Foundation
import Testing
@testable import ReservaFlowAPI
@testable import ReservationDomain

/// The API words the core's errors but does not map them again: status and code come from
/// `ReservationError.answer` for every kind, staff or guest (the one exception, a guest's masked 409, keeps
/// the status and says only "unavailable").
@Suite("REST API: one mapping of errors")
struct APIErrorMappingTests {
    static let errors: [ReservationError] = [
        .invalid(field: "party", message: "x"), .tableTaken(table: "T1", from: "19:00", to: "21:00", guest: "Ana"),
        .tableStillSeated(table: "T1", guest: "Ana", minutesOver: 5), .noTableFree(party: 2, at: "19:00", alternatives: ["19:15"]),
        .overPacing(slot: "19:00", covers: 22, limit: 24, party: 4, alternatives: []), .noTableNow(party: 2, quotedMinutes: 10),
        .locked(table: "T1", by: "Ana", from: "19:00", to: "21:00"), .notFound(.reservation, id: "ab12"), .notFound(.guest, id: "3"),
        .notFound(.venue, id: "bistro"), .phoneBelongsToGuest(phone: "+34611", guest: "Ana", customerID: 1, typedName: "Eva"),
        .illegalTransition(from: .completed, to: .seated), .forbidden(role: .host, action: "merge guests"), .loginFailed,
        .accountLocked(until: Date()), .databaseUnavailable(detail: "x"), .outcomeUnknown(detail: "x", reservation: UUID()),
        .busy(detail: "x"), .redisUnavailable(detail: "x"), .schemaTooNew(database: 30, code: 20), .schemaMissing, .internalError("x"),
    ]

    @Test("status and code are the core's", arguments: errors)
    func statusAndCode(error: ReservationError) {
        for staff in [true, false] {
            let answer = APIError.from(error, staff: staff)
            #expect(answer.status == error.answer.httpStatus)
            let masked = !staff && answer.status == 409 && answer.body["code"] == .string("unavailable")
            #expect(answer.body["code"] == .string(error.answer.body.code.rawValue) || masked)
            #expect((answer.headers["Retry-After"] != nil) == (answer.status == 503))
        }
    }

    @Test("a guest never reads another guest's name; staff do")
    func guestsReadNoNames() {
        let taken = ReservationError.tableTaken(table: "T1", from: "19:00", to: "21:00", guest: "Garcia")
        #expect(APIError.from(taken, staff: true).body["detail"] == .string(taken.description))
        #expect(APIError.from(taken, staff: false).body["detail"] == nil)
        let seated = APIError.from(.tableStillSeated(table: "T1", guest: "Garcia", minutesOver: 5), staff: false)
        #expect(seated.body["error"] == .string("Mesa no disponible en esa fecha/hora") && seated.body["field"] == .string("table_id"))
    }
}
