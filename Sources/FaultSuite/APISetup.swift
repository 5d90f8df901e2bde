import Foundation
import ReservationCore
import ReservationDomain
import ReservationNative

/// An API client's account. Staff (a host at the round's venue, signed in with a username) book for a
/// guest record of their own and can confirm, seat, complete and cancel; a guest (registered through the
/// API itself) books as themselves and can cancel. Every booking through the API is a pending hold.
struct APIAccount: Sendable {
    enum Kind: Sendable {
        case staff(username: String, customerID: Int64)
        case guest(email: String)
    }

    var kind: Kind
    var password: String
    /// The audit actor the API writes for this account: the staff member's display name, or `guest:<id>`
    /// (known once registered).
    var actor: String

    var isGuest: Bool { if case .guest = kind { true } else { false } }
}

struct APISetupError: Error, CustomStringConvertible {
    var description: String
}

/// What the API clients need before the clock starts: their accounts and the venue's table ids.
enum APISetup {
    /// Every `guestEvery`-th API client is a guest; the others are staff.
    static let guestEvery = 4

    static func randomPassword() -> String {
        let chars = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        return String((0..<24).map { _ in chars.randomElement()! })
    }

    /// Makes the staff accounts through the core (role host, at the round's venue only, random password)
    /// and one guest record each for them to book for. Guests register later, through the API, on their
    /// own threads.
    static func prepare(_ config: LoadConfig, venue: FaultVenue, book: ReservationBook) throws(ReservationError)
        -> (accounts: [APIAccount], tables: [String: Int64]) {
        let db: PGConnection
        var tables: [String: Int64] = [:]
        do {
            db = try PGConnection(url: config.configuration.databaseURL)
            for row in try db.query("SELECT id, label FROM dining_tables WHERE restaurant_id = $1", [venue.restaurantID]) {
                tables[try row.string("label")] = try row.int64("id")
            }
        } catch {
            throw .databaseUnavailable(detail: "the API clients' setup could not read the venue's tables: \(error)")
        }
        let admin = Actor(staffID: nil, name: "faults:setup", role: .admin)
        let run = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        var accounts: [APIAccount] = []
        for k in 0..<config.apiClients {
            let index = config.clients + k
            let password = randomPassword()
            if k % guestEvery == guestEvery - 1 {
                accounts.append(APIAccount(kind: .guest(email: "fapi-\(run)-\(index)@example.com"), password: password, actor: ""))
                continue
            }
            let username = "fapi-\(run)-\(index)"
            // Not a tag (no "fo:"): the checker knows an API client's writes by this name, from the meta.
            let display = "API host \(config.round) \(index)"
            try book.addStaff(username: username, displayName: display, role: .host, password: password,
                              restaurants: [venue.restaurantID], actor: admin)
            let customer: Int64
            do {
                guard let id = try db.queryOne("""
                    INSERT INTO customers (restaurant_id, name, phone, email) VALUES ($1, $2, $3, $4)
                    ON CONFLICT (restaurant_id, phone) DO UPDATE SET name = excluded.name, email = excluded.email
                    RETURNING id
                    """, [venue.restaurantID, "API guest \(index)", String(format: "+347%08d", 10_000_000 + index),
                          "apiguest\(index)@example.com"])?.int64("id") else {
                    throw APISetupError(description: "no guest record came back")
                }
                customer = id
            } catch {
                throw .databaseUnavailable(detail: "the API clients' guest record was not written: \(error)")
            }
            accounts.append(APIAccount(kind: .staff(username: username, customerID: customer), password: password, actor: display))
        }
        return (accounts, tables)
    }
}
