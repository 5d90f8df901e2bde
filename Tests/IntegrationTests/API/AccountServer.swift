import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// The online channel whole, for guest accounts (issue 24): a venue, the real `reservaflow-api`, the real
/// `reservaflowd` with the links' settings, and the SMTP sink the daemon delivers to.
final class AccountServer {
    let venue: E2EVenue
    let sink: MailSink
    let api: APIServer
    let daemon: DaemonProcessTests.Daemon

    init(apiExtra: [String] = ["--bookings-per-guest", "0", "--bookings-per-address", "0", "--auth-per-address", "0"]) throws {
        venue = try E2EVenue()
        sink = try MailSink()
        api = try APIServer(databaseURL: venue.databaseURL, extra: apiExtra)
        daemon = try DaemonProcessTests.Daemon(database: venue.databaseURL, sink: sink, instance: "accounts-\(UUID().uuidString.prefix(8))",
                                               environment: ["PUBLIC_URL": api.base, "LINK_SECRET": APIServer.linkSecret])
    }

    static let password = "a long pass phrase"

    /// Registers a guest (the verification mail is queued with the account).
    @discardableResult
    func register(_ email: String, phone: String, language: String = "en") async throws -> Int64 {
        let reg = try await api.call("POST", "/api/auth/register/", body: ["email": email, "password": Self.password, "first_name": "Guest",
                                                                          "last_name": "Tester", "phone": phone, "language": language])
        guard reg.status == 201, let id = reg.object["id"] as? Int else { throw TestStackError("register: \(reg.status) \(reg.text)") }
        return Int64(id)
    }

    /// The mails delivered to `address` whose text contains `marker`.
    func mails(to address: String, containing marker: String) -> [String] {
        sink.messages().filter { $0.lowercased().contains("to: <\(address.lowercased())>") || $0.lowercased().contains("to: \(address.lowercased())") }
            .filter { $0.contains(marker) }
    }

    /// The token of the `index`th link mailed to `address` under `path` (waiting for the daemon to send it).
    func linkToken(to address: String, path: String, index: Int = 0) throws -> String {
        var found: [String] = []
        try eventually("a mail to \(address) with \(path)", within: 30) {
            found = mails(to: address, containing: path).compactMap { Self.token(in: $0, after: path) }
            return found.count > index
        }
        // The sink's folder is not ordered: the link rows' ids are.
        return found.sorted { (Int64($0.prefix { $0 != "." }) ?? 0) < (Int64($1.prefix { $0 != "." }) ?? 0) }[index]
    }

    static func token(in mail: String, after path: String) -> String? {
        guard let range = mail.range(of: path + "?token=") else { return nil }
        let token = mail[range.upperBound...].prefix { $0.isNumber || $0.isLetter || $0 == "." }
        return token.isEmpty ? nil : String(token)
    }

    /// A booking body for the venue, tomorrow at `time`.
    func booking(time: String, table: String) throws -> [String: Any] {
        ["restaurant_id": venue.restaurant.id, "reservation_date": venue.tomorrow.description, "reservation_time": time,
         "party_size": 2, "table_id": try venue.tableID(table)]
    }
}
