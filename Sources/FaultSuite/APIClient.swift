import Foundation
import ReservationCore
import ReservationDomain
import ReservationNative

/// One API client thread: HTTP/1.1 to reservaflow-api on loopback, with a token of its own account.
///
/// Every operation carries an Idempotency-Key (its tag) and, for a booking, its tag in the notes. The answer
/// is classified: 2xx ok; 4xx refused; 429 (and 409 `idempotency_in_progress`) the same request again after
/// the wait; 5xx or no answer at all (refused connection, reset, timeout: the API was killed) unknown. An
/// unknown is settled by the client itself: the same request with the same key, again and again (0.2-1 s
/// apart) until a definite answer comes or the round's end plus the settle bound has passed. Both answers
/// are journaled; the checker requires the settled one to agree with the database.
final class APIClient {
    let index: Int
    let config: LoadConfig
    let venue: FaultVenue
    let shared: LoadRunner.Shared
    let tables: [String: Int64]
    private(set) var account: APIAccount
    private let http: HTTPClient
    private var token = ""
    private var seq = 0
    private var rng = SystemRandomNumberGenerator()
    /// This client's live reservations as it last knew them: id -> (status, table label).
    private var mine: [String: (status: String, table: String)] = [:]

    init(index: Int, config: LoadConfig, venue: FaultVenue, shared: LoadRunner.Shared, account: APIAccount,
         tables: [String: Int64]) throws(HTTPFailure) {
        self.index = index
        self.config = config
        self.venue = venue
        self.shared = shared
        self.account = account
        self.tables = tables
        http = try HTTPClient(url: config.apiURL ?? "")
    }

    private var timeout: Double { config.hangBound + 1 }

    private func json(_ object: [String: Any]) -> [UInt8] {
        Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
    }

    /// Sends one request during setup, again while the API refuses connections or asks to wait (it may
    /// be starting), for at most 30 s.
    private func setupCall(_ method: String, _ path: String, _ body: [String: Any]) throws -> HTTPResponse {
        let deadline = Date().addingTimeInterval(30)
        var last = ""
        while Date() < deadline {
            do {
                let r = try http.send(method, path, headers: [("Content-Type", "application/json")], body: json(body), timeout: 15)
                if r.status == 429 || r.status == 503 {
                    last = "\(r.status) \(String(decoding: r.body.prefix(200), as: UTF8.self))"
                    Thread.sleep(forTimeInterval: 0.5)
                    continue
                }
                return r
            } catch {
                last = error.description
                Thread.sleep(forTimeInterval: 0.3)
            }
        }
        throw APISetupError(description: "\(method) \(path): no answer in 30 s (last: \(last))")
    }

    /// Registers (guests) and signs in, before the clock starts.
    func signIn() throws {
        var login: [String: Any]
        switch account.kind {
        case .staff(let username, _):
            login = ["username": username, "password": account.password]
        case .guest(let email):
            let reg = try setupCall("POST", "/api/auth/register/", [
                "email": email, "password": account.password, "first_name": "Fault", "last_name": "Guest \(index)",
                "phone": String(format: "+347%08d", 20_000_000 + index),
            ])
            guard reg.status == 201, let id = reg.json?["id"] as? Int else {
                throw APISetupError(description: "registering \(email): \(reg.status) \(String(decoding: reg.body.prefix(300), as: UTF8.self))")
            }
            account.actor = "guest:\(id)"
            login = ["email": email, "password": account.password]
        }
        let answer = try setupCall("POST", "/api/token/", login)
        guard answer.status == 200, let access = answer.json?["access"] as? String else {
            throw APISetupError(description: "signing in: \(answer.status) \(String(decoding: answer.body.prefix(300), as: UTF8.self))")
        }
        token = access
    }

    func run() {
        while !shared.isStopping {
            step()
            Thread.sleep(forTimeInterval: Double.random(in: 0.002...0.02, using: &rng))
        }
    }

    // MARK: Choosing

    private func random(_ n: Int) -> Int { Int.random(in: 0..<n, using: &rng) }
    private func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
    private static func isLive(_ status: String) -> Bool { ["pending", "confirmed", "seated"].contains(status) }

    private func step() {
        let live = mine.filter { Self.isLive($0.value.status) }
        if live.isEmpty || (live.count < 4 && chance(0.4)) {
            doBook()
            return
        }
        let (id, held) = live.randomElement(using: &rng)!
        if account.isGuest {
            doCancel(id, held.table, delete: true)
            return
        }
        switch held.status {
        case "pending": if chance(0.6) { doStatus(.confirm, "confirmed", id, held.table) } else { doCancel(id, held.table, delete: chance(0.5)) }
        case "confirmed": if chance(0.6) { doStatus(.seat, "seated", id, held.table) } else { doCancel(id, held.table, delete: chance(0.5)) }
        default: doStatus(.complete, "completed", id, held.table)
        }
    }

    private func newRecord(_ kind: OpKind) -> OpRecord {
        seq += 1
        var r = OpRecord(round: config.round, client: index, seq: seq, kind: kind, tag: OpRecord.tag(round: config.round, client: index, seq: seq))
        r.channel = "api"
        r.actor = account.actor
        return r
    }

    private func doBook() {
        var r = newRecord(.book)
        let slot = venue.slots[random(venue.slots.count)]
        let party = chance(0.6) ? 2 : 4
        let table: String? = chance(0.8) ? venue.tables[random(venue.tables.count)] : nil
        r.table = table
        r.slot = "\(slot) x\(party)"
        var body: [String: Any] = [
            "restaurant_id": Int(venue.restaurantID), "reservation_date": "\(slot.date)", "reservation_time": "\(slot.time)",
            "party_size": party, "notes": r.tag,
        ]
        if case .staff(_, let customer) = account.kind { body["customer_id"] = Int(customer) }
        if let table, let id = tables[table] { body["table_id"] = Int(id) }
        perform(r, "POST", "/api/reservations/", body: json(body), key: r.tag) { response, done in
            let j = response.json
            done.reservation = (j?["id"] as? String)?.lowercased()
            done.table = ((j?["table"] as? [String: Any])?["number"] as? String) ?? done.table
            done.status = j?["status"] as? String
            if let id = done.reservation { self.mine[id] = (done.status ?? "pending", done.table ?? "?") }
        }
    }

    private func doStatus(_ kind: OpKind, _ target: String, _ id: String, _ table: String) {
        var r = newRecord(kind)
        r.reservation = id
        r.table = table
        perform(r, "PATCH", "/api/reservations/\(id)/", body: json(["status": target]), key: r.tag) { response, done in
            let status = (response.json?["status"] as? String) ?? target
            done.status = status
            self.mine[id] = Self.isLive(status) ? (status, table) : nil
        }
    }

    /// DELETE (204), or PATCH `{"status": "cancelled"}` (with a key, like every PATCH).
    private func doCancel(_ id: String, _ table: String, delete: Bool) {
        var r = newRecord(.cancel)
        r.reservation = id
        r.table = table
        let onOK: (HTTPResponse, inout OpRecord) -> Void = { _, done in
            done.status = "cancelled"
            self.mine[id] = nil
        }
        if delete {
            perform(r, "DELETE", "/api/reservations/\(id)/", body: nil, key: nil, onOK)
        } else {
            perform(r, "PATCH", "/api/reservations/\(id)/", body: json(["status": "cancelled"]), key: r.tag, onOK)
        }
    }

    /// After a refusal of a change: what the reservation is now (not journaled: only for choosing next).
    private func refresh(_ id: String) {
        guard let answer = try? http.send("GET", "/api/reservations/\(id)/", headers: [("Authorization", "Bearer \(token)")], timeout: timeout),
              answer.status == 200, let status = answer.json?["status"] as? String, Self.isLive(status) else {
            mine[id] = nil
            return
        }
        mine[id] = (status, ((answer.json?["table"] as? [String: Any])?["number"] as? String) ?? mine[id]?.table ?? "?")
    }

    // MARK: Performing and settling

    private func send(_ method: String, _ path: String, body: [UInt8]?, key: String?) -> Answer {
        var headers = [("Authorization", "Bearer \(token)")]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        if let key { headers.append(("Idempotency-Key", key)) }
        do {
            let response = try http.send(method, path, headers: headers, body: body, timeout: timeout)
            let j = response.json
            let code = j?["code"] as? String
            let outcome = Self.classify(status: response.status, code: code)
            let retryAfter = response.headers["retry-after"].flatMap(Double.init) ?? 0.5
            let message = (j?["error"] as? String).map { String($0.prefix(160)) } ?? ""
            return Answer(status: response.status, response: response, outcome: outcome, kind: code ?? "http\(response.status)",
                          message: message, wait: min(max(retryAfter, 0.2), 1))
        } catch {
            // Down (refused) or killed mid-request (reset, closed, timeout): back off a little, with jitter.
            return Answer(status: nil, response: nil, outcome: .unknown, kind: error.kind, message: error.description,
                          wait: Double.random(in: 0.2...1.0, using: &rng))
        }
    }

    private func describe(_ a: Answer) -> String {
        [a.status.map(String.init), a.kind, a.message.isEmpty ? nil : a.message].compactMap { $0 }.joined(separator: " ")
    }

    private func perform(_ record: OpRecord, _ method: String, _ path: String, body: [UInt8]?, key: String?,
                         _ onOK: (HTTPResponse, inout OpRecord) -> Void) {
        var r = record
        r.idempotencyKey = key
        r.started = Date().timeIntervalSince1970
        var began = ContinuousClock.now
        shared.begin(r, at: began)
        var attempts = 0
        var answer: Answer
        while true {
            attempts += 1
            answer = send(method, path, body: body, key: key)
            guard answer.outcome == nil else { break }
            // Asked to wait (rate limit, or the key's first request still running): the same request again;
            // only the try that gets an answer is timed.
            if shared.pastSettleDeadline(config.settleSeconds) {
                answer.outcome = .unknown
                break
            }
            Thread.sleep(forTimeInterval: answer.wait)
            r.started = Date().timeIntervalSince1970
            began = ContinuousClock.now
            shared.begin(r, at: began)
        }
        r.latencyMs = FaultClient.seconds(ContinuousClock.now - began) * 1000
        r.attempts = attempts
        r.httpStatus = answer.status
        r.outcome = answer.outcome ?? .unknown
        switch r.outcome {
        case .ok:
            onOK(answer.response!, &r)
            shared.finish(r)
        case .refused:
            r.errorKind = answer.kind
            r.error = describe(answer)
            shared.finish(r)
            if let id = r.reservation { refresh(id) }
        case .unknown:
            r.errorKind = answer.kind
            r.error = describe(answer)
            // Settled here, by this client: the same request and key until a definite answer.
            shared.settle(r)
            var last = answer
            while true {
                if shared.pastSettleDeadline(config.settleSeconds) {
                    r.lastError = describe(last)
                    break
                }
                Thread.sleep(forTimeInterval: last.wait)
                let again = send(method, path, body: body, key: key)
                attempts += 1
                r.attempts = attempts
                if let outcome = again.outcome, outcome != .unknown {
                    r.settled = outcome
                    r.settledStatus = again.status
                    r.settledAt = Date().timeIntervalSince1970
                    if outcome == .ok {
                        onOK(again.response!, &r)
                    } else {
                        r.lastError = describe(again)
                    }
                    break
                }
                last = again
                shared.settleProgress(r)
            }
            shared.finish(r)
            if r.settled == .refused, r.kind != .book, let id = r.reservation { refresh(id) }
        }
    }
}
