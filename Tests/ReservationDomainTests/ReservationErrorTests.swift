import Foundation
import Testing
@testable import ReservationDomain

@Suite("ReservationError")
struct ReservationErrorTests {
    static let cases: [(ReservationError, Int, Int32)] = [
        (.invalid(field: "phone", message: "x"), 400, 2),
        (.illegalTransition(from: .seated, to: .cancelled), 400, 2),
        (.loginFailed, 401, 2),
        (.forbidden(role: .host, action: "manage staff"), 403, 2),
        (.accountLocked(until: Date(timeIntervalSince1970: 0)), 403, 2),
        (.notFound(.guest, id: "1"), 404, 2),
        (.tableTaken(table: "T1", from: "19:00", to: "21:00", guest: "Ana"), 409, 3),
        (.noTableFree(party: 2, at: "19:00", alternatives: []), 409, 3),
        (.noTableNow(party: 2, quotedMinutes: 25), 409, 3),
        (.noTableNow(party: 12, quotedMinutes: nil), 409, 3),
        (.locked(table: "T1", by: "Ana", from: "19:00", to: "21:00"), 423, 4),
        (.databaseUnavailable(detail: "x"), 503, 5),
        (.redisUnavailable(detail: "x"), 503, 5),
        (.schemaTooNew(database: 3, code: 2), 503, 5),
        (.schemaMissing, 503, 5),
        (.internalError("x"), 500, 1),
    ]

    @Test("HTTP statuses of the original API and the CLI's exit codes", arguments: cases)
    func codes(error: ReservationError, http: Int, exit: Int32) {
        #expect(error.httpStatus == http)
        #expect(error.exitCode == exit)
        #expect(!error.description.isEmpty)
    }

    @Test("messages say what happened and what to do")
    func messages() {
        #expect(ReservationError.tableTaken(table: "T12", from: "19:30", to: "21:00", guest: "Garcia").description
            == "Table T12 is taken 19:30-21:00 by Garcia. Pick another table or time.")
        #expect(ReservationError.locked(table: "T12", by: "Ana", from: "19:30", to: "21:00").description
            == "Table T12 19:30-21:00 is being booked by Ana right now. Try another table, or again in a moment.")
        #expect(ReservationError.noTableFree(party: 4, at: "2026-05-15 19:00", alternatives: ["18:45", "20:30"]).description
            == "No table for 4 is free at 2026-05-15 19:00. Free times nearby: 18:45, 20:30.")
        #expect(ReservationError.noTableFree(party: 4, at: "19:00", alternatives: []).description.hasSuffix("No other time that day has room either."))
        #expect(ReservationError.schemaTooNew(database: 3, code: 2).description.contains("schema version 3"))
    }

    @Test("one mapping gives exit code, HTTP status and the JSON body together", arguments: cases)
    func answers(error: ReservationError, http: Int, exit: Int32) throws {
        let answer = error.answer
        #expect(answer.exitCode == exit)
        #expect(answer.httpStatus == http)
        #expect(answer.body.exitCode == exit)
        #expect(answer.body.error == error.description)
        let expected: ErrorCode = switch exit {
        case 3: .unavailable
        case 4: .locked
        case 5: error == .schemaMissing || error == .schemaTooNew(database: 3, code: 2) ? .schema : .unreachable
        case 1: .internalError
        default:
            switch http {
            case 401: .unauthorized
            case 403: .forbidden
            case 404: .notFound
            default: .invalid
            }
        }
        #expect(answer.body.code == expected)
    }

    @Test("the JSON body: error, code, field (null when none) and exit_code")
    func body() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let phone = try encoder.encode(ReservationError.invalid(field: "phone", message: "Enter a phone number.").answer.body)
        #expect(String(decoding: phone, as: UTF8.self)
            == #"{"code":"invalid","error":"phone: Enter a phone number.","exit_code":2,"field":"phone"}"#)
        let down = try encoder.encode(ReservationError.databaseUnavailable(detail: "refused").answer.body)
        let object = try #require(try JSONSerialization.jsonObject(with: down) as? [String: Any])
        #expect(object["field"] is NSNull)
        #expect(object["code"] as? String == "unreachable")
        #expect(object["exit_code"] as? Int == 5)
        #expect(try JSONDecoder().decode(ErrorBody.self, from: phone) == ReservationError.invalid(field: "phone", message: "Enter a phone number.").answer.body)
        #expect(ReservationError.notFound(.guest, id: "1").answer.body.code.rawValue == "not_found")
        #expect(ReservationError.locked(table: "T1", by: "Ana", from: "19:00", to: "21:00").answer.body.field == "table")
    }
}

@Suite("JSON answers")
struct JSONTextTests {
    @Test("a value JSON cannot represent is an error, never a silent null")
    func notJSON() {
        // JSON has no NaN: the encoder refuses it, and the answer says so.
        #expect(throws: ReservationError.self) { try JSONText.encode(["covers": Double.nan]) }
        do {
            _ = try JSONText.encode(["covers": Double.nan])
            Issue.record("NaN was written as JSON")
        } catch {
            guard case .internalError(let message) = error else { Issue.record("\(error)"); return }
            #expect(message.contains("could not be written as JSON"))
            #expect(error.exitCode == 1)
        }
    }

    @Test("control characters, C1, DEL and bidi overrides are escaped; the value reads back exactly")
    func escapes() throws {
        let raw = "Eve\u{1B}]0;x\u{07} \u{9B}31m\u{7F}\u{202E}exe\u{2028}"
        let text = try JSONText.encode(["name": raw])
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || (0x7F...0x9F).contains($0.value) || $0.value == 0x202E || $0.value == 0x2028 })
        #expect(text.contains("\\u009b") && text.contains("\\u202e"))
        let back = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect(back?["name"] as? String == raw)
        let body = try JSONText.encode(ReservationError.invalid(field: "name", message: "\u{9B}x").answer.body)
        #expect(body.contains("\\u009b"))
    }
}
