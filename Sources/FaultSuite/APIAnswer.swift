import Foundation

/// What one API request came to, and how the fault suite reads an HTTP status.
extension APIClient {
    struct Answer {
        var status: Int?
        var response: HTTPResponse?
        /// nil: ask again (429, or the first request with this key still running).
        var outcome: OpOutcome?
        var kind: String
        var message: String
        /// Seconds to wait before asking again.
        var wait: Double
    }

    /// 2xx ok; 429 and 409 `idempotency_in_progress` again; any other 4xx refused (nothing was done); 5xx
    /// unknown (503 unreachable/busy/outcome_unknown, 500 internal); anything else unknown.
    static func classify(status: Int, code: String?) -> OpOutcome? {
        switch status {
        case 200..<300: .ok
        case 429: nil
        case 409 where code == "idempotency_in_progress": nil
        case 400..<500: .refused
        default: .unknown
        }
    }
}
