import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
@testable import ReservaFlowAPI
@testable import ReservationCore
@testable import ReservationDomain

/// The API's routes in-process: the library's own `buildApplication`, driven through HummingbirdTesting's
/// router mode (no socket, no server process), against a test database. What needs the real process and
/// its sockets (start-up, signals, slow clients, the wire) is in APITests and its neighbours.
@Suite("REST API: routes in-process", .serialized)
struct APIRouteTests {
    let venue: E2EVenue

    init() throws {
        venue = try E2EVenue()
    }

    func configuration(_ adjust: (inout APIConfiguration) -> Void = { _ in }) -> APIConfiguration {
        var c = APIConfiguration(database: Configuration(databaseURL: TestStack.url(venue.databaseURL, as: .api), redisURL: TestStack.settings.redisURL))
        c.writeBooks = 2
        c.readBooks = 1
        adjust(&c)
        return c
    }

    func withAPI<T: Sendable>(_ configuration: APIConfiguration, _ test: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        var logger = Logger(label: "api-route-tests")
        logger.logLevel = .critical
        return try await buildApplication(configuration, logger: logger).test(.router, test)
    }

    static func staffToken(_ client: any TestClientProtocol) async throws -> String {
        let r = try await client.call(.post, "/api/token/", json: #"{"username": "marco", "password": "\#(E2EVenue.managerPassword)"}"#)
        return try #require(r.object["access"] as? String, "\(r.text)")
    }

    static func guestToken(_ client: any TestClientProtocol, _ email: String) async throws -> String {
        let reg = try await client.call(.post, "/api/auth/register/", json: #"{"email": "\#(email)", "password": "a long pass phrase", "first_name": "Rosa", "phone": "611 333 444"}"#)
        #expect(reg.status == .created, "\(reg.text)")
        let r = try await client.call(.post, "/api/token/", json: #"{"email": "\#(email)", "password": "a long pass phrase"}"#)
        return try #require(r.object["access"] as? String, "\(r.text)")
    }

    @Test func withoutValidCredentialsTheBookStaysClosed() async throws {
        try await withAPI(configuration()) { client in
            let none = try await client.call(.get, "/api/reservations/")
            #expect(none.status == .unauthorized)
            #expect(none.object["code"] as? String == "not_authenticated")
            #expect(none.headers[.wwwAuthenticate] == "Bearer")
            // Not a bearer token at all: refused by the middleware before a book is borrowed.
            let basic = try await client.call(.get, "/api/reservations/", headers: ["Authorization": "Basic YW5hOng="])
            #expect(basic.status == .unauthorized && basic.object["code"] as? String == "token_not_valid")
            #expect(basic.headers[.wwwAuthenticate] == #"Bearer error="invalid_token""#)
            // A bearer token the book never gave out: refused by the token check on the book.
            let unknown = try await client.call(.get, "/api/reservations/", token: "not-a-token-we-gave")
            #expect(unknown.status == .unauthorized && unknown.object["code"] as? String == "token_not_valid")
            // Signed in as a guest: guest records are for staff.
            let guest = try await Self.guestToken(client, "rosa@example.com")
            let records = try await client.call(.get, "/api/customers/", token: guest)
            #expect(records.status == .forbidden && records.object["code"] as? String == "forbidden")
        }
    }

    @Test func aRefusedFieldIsNamedAsTheJSONNamesIt() async throws {
        let restaurant = venue.restaurant.id
        let date = venue.tomorrow.description
        try await withAPI(configuration()) { client in
            let query = try await client.call(.get, "/api/restaurants/restaurants/?restaurnt=1")
            #expect(query.status == .badRequest)
            #expect(query.object as NSDictionary == ["error": "Unknown query parameter \"restaurnt\"; expected page, page_size.", "code": "invalid",
                                                     "field": "restaurnt"])
            let guest = try await Self.guestToken(client, "lola@example.com")
            // The body's own reading: a number sent as a string.
            let typed = try await client.call(.post, "/api/reservations/", token: guest, json: #"{"restaurant_id": \#(restaurant), "reservation_date": "\#(date)", "reservation_time": "13:00", "party_size": "2"}"#)
            #expect(typed.status == .badRequest)
            #expect(typed.object as NSDictionary == ["error": "party_size must be an integer (a JSON number, 2 not \"2\"), not the string \"2\".",
                                                     "code": "invalid", "field": "party_size"])
            // The core's refusal (its field "party"), answered through the one mapping under the JSON name.
            let party = try await client.call(.post, "/api/reservations/", token: guest, json: #"{"restaurant_id": \#(restaurant), "reservation_date": "\#(date)", "reservation_time": "13:00", "party_size": 0}"#)
            #expect(party.status == .badRequest, "\(party.text)")
            #expect(party.object["code"] as? String == "invalid" && party.object["field"] as? String == "party_size")
            #expect((party.object["error"] as? String)?.hasPrefix("Party size 0 is outside what this venue takes") == true, "\(party.text)")
            #expect(Set(party.object.keys) == ["error", "code", "field"])
        }
    }

    @Test func aRetryWithTheSameIdempotencyKeyGetsTheFirstAnswer() async throws {
        let database = venue.database
        try await withAPI(configuration()) { client in
            let body = #"{"email": "nina@example.com", "password": "a long pass phrase", "first_name": "Nina", "phone": "611 444 555"}"#
            let key = ["Idempotency-Key": "register-nina-1"]
            let first = try await client.call(.post, "/api/auth/register/", json: body, headers: key)
            #expect(first.status == .created, "\(first.text)")
            #expect(first.headers[HTTPField.Name("Idempotent-Replayed")!] == nil)
            // The same fields in another order and spacing are the same request.
            let reordered = #"{"phone": "611 444 555", "first_name": "Nina",  "password": "a long pass phrase", "email": "nina@example.com"}"#
            let again = try await client.call(.post, "/api/auth/register/", json: reordered, headers: key)
            #expect(again.status == .created)
            #expect(again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(again.text == first.text)
            // Without the key it is a new registration of a taken address: answered alike, with another id
            // (no account has it), and the replay had created nothing new: one account for the address.
            let unkeyed = try await client.call(.post, "/api/auth/register/", json: body)
            #expect(unkeyed.status == .created, "\(unkeyed.text)")
            #expect(unkeyed.object["id"] as? Int != first.object["id"] as? Int)
            let accounts = try TestStack.owner(database).queryOne("SELECT count(*) AS n FROM guest_accounts WHERE email = 'nina@example.com'")
            #expect(try accounts?.int("n") == 1)
            let other = try await client.call(.post, "/api/auth/register/", json: body.replacingOccurrences(of: "Nina", with: "Nora"), headers: key)
            #expect(other.status.code == 422 && other.object["code"] as? String == "idempotency_mismatch")
        }
    }

    @Test func pastTheLimitTheAnswerIs429WithRetryAfter() async throws {
        let limited = configuration { c in
            c.settings.limits.requestsPerAddress = 3
            c.settings.limits.authPerAddress = 1
        }
        try await withAPI(limited) { client in
            let signIn = #"{"username": "marco", "password": "wrong"}"#
            #expect(try await client.call(.post, "/api/token/", json: signIn).status == .unauthorized)
            let second = try await client.call(.post, "/api/token/", json: signIn)
            #expect(second.status == .tooManyRequests)
            #expect(second.object["code"] as? String == "rate_limited")
            let wait = try #require(second.headers[.retryAfter].flatMap { Int($0) })
            #expect((1...60).contains(wait) && second.object["retry_after"] as? Int == wait)
            // Sign-ins have their own limit; other requests count only against the address's.
            #expect(try await client.call(.get, "/api/restaurants/restaurants/").status == .ok)
            let over = try await client.call(.get, "/api/restaurants/restaurants/")
            let overWait = try #require(over.headers[.retryAfter].flatMap { Int($0) })
            #expect(over.status == .tooManyRequests && over.object["error"] as? String == "Demasiadas solicitudes: espere \(overWait) s.")
            // The health check is not rate limited: a load balancer asks often.
            #expect(try await client.call(.get, "/health/").status == .ok)
        }
    }

    @Test func aMissIsAnsweredByItsKind() async throws {
        let restaurant = venue.restaurant.id
        let date = venue.tomorrow.description
        try await withAPI(configuration()) { client in
            let staff = try await Self.staffToken(client)
            let reservation = try await client.call(.get, "/api/reservations/\(UUID().uuidString.lowercased())/", token: staff)
            #expect(reservation.status == .notFound)
            #expect(reservation.object as NSDictionary == ["error": "Reserva no encontrada", "code": "not_found", "field": NSNull()])
            let guest = try await client.call(.get, "/api/customers/987654/", token: staff)
            #expect(guest.status == .notFound && guest.object["error"] as? String == "Cliente no encontrado")
            let venue = try await client.call(.get, "/api/restaurants/restaurants/987654/")
            #expect(venue.status == .notFound && venue.object["error"] as? String == "No encontrado")
            // A guest or venue named in a booking's body is a field to correct, not a missing page.
            let booking = { (restaurant: Int64, customer: Int) in
                #"{"restaurant_id": \#(restaurant), "customer_id": \#(customer), "reservation_date": "\#(date)", "reservation_time": "13:00", "party_size": 2}"#
            }
            let noGuest = try await client.call(.post, "/api/reservations/", token: staff, json: booking(restaurant, 987654))
            #expect(noGuest.status == .badRequest)
            #expect(noGuest.object as NSDictionary == ["error": "There is no guest 987654 at E2E Bistro.", "code": "invalid", "field": "customer_id"])
            let noVenue = try await client.call(.post, "/api/reservations/", token: staff, json: booking(987654, 1))
            #expect(noVenue.status == .badRequest)
            #expect(noVenue.object as NSDictionary == ["error": "There is no restaurant 987654.", "code": "invalid", "field": "restaurant_id"])
        }
    }
}

extension TestClientProtocol {
    func call(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: String? = nil,
              headers: [String: String] = [:]) async throws -> TestResponse {
        var fields = HTTPFields()
        if let token { fields[.authorization] = "Bearer \(token)" }
        if json != nil { fields[.contentType] = "application/json" }
        for (name, value) in headers { fields[HTTPField.Name(name)!] = value }
        return try await execute(uri: uri, method: method, headers: fields, body: json.map { ByteBuffer(string: $0) })
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var object: [String: Any] { ((try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any]) ?? [:] }
}
