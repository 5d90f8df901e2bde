import Foundation
import Logging
import ReservationCore
import ReservationDomain
import ReservationNative

/// One client thread. Owns its `ReservationBook` and a plain connection for looking things up after an
/// answer was lost; both are replaced after a connection error.
final class FaultClient {
    let index: Int
    let config: LoadConfig
    let venue: FaultVenue
    let shared: LoadRunner.Shared
    private var book: ReservationBook?
    private var lookup: PGConnection?
    private var seq = 0
    private var rng = SystemRandomNumberGenerator()

    /// This client's live reservations as it last knew them.
    private var mine: [UUID: (status: ReservationStatus, table: String)] = [:]
    /// Operations whose answer was lost: looked up once connected again, so the client knows what it has.
    /// (Only for choosing what to do next; the checker never trusts this, it reads the database itself.)
    private var doubts: [(tag: String, reservation: UUID?)] = []

    init(index: Int, config: LoadConfig, venue: FaultVenue, shared: LoadRunner.Shared) {
        self.index = index
        self.config = config
        self.venue = venue
        self.shared = shared
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    private var phone: String { String(format: "6%08d", 10_000_000 + index) }

    /// Under an injected fault not connecting is the expected state, not news: `run` tries again, and the
    /// checker judges the round from the database afterwards.
    func connectOnce() {
        book = try? ReservationBook(configuration: config.configuration, logger: LoadRunner.quietLogger())
    }

    func run() {
        while !shared.isStopping {
            if book == nil {
                connectOnce()
                if book == nil {
                    Thread.sleep(forTimeInterval: 0.2)
                    continue
                }
            }
            settleDoubts()
            step(book!)
            // A moment between operations, as a host has: without it a refused booking (answered in well
            // under a millisecond when the lease is held) turns the clients into a busy loop.
            Thread.sleep(forTimeInterval: Double.random(in: 0.002...0.02, using: &rng))
        }
    }

    // MARK: Choosing and performing

    private func random(_ n: Int) -> Int { Int.random(in: 0..<n, using: &rng) }
    private func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }

    private func step(_ book: ReservationBook) {
        let live = mine.filter { $0.value.status.isLive }
        if live.isEmpty || (live.count < 4 && chance(0.4)) {
            doBook(book)
            return
        }
        let (id, held) = live.randomElement(using: &rng)!
        switch held.status {
        case .seated:
            if chance(0.75) { doStatus(book, .complete, id, held.table) } else { doMove(book, id, held.table) }
        default:
            switch random(3) {
            case 0: doMove(book, id, held.table)
            case 1: doStatus(book, .cancel, id, held.table)
            default: doStatus(book, .seat, id, held.table)
            }
        }
    }

    private func newRecord(_ kind: OpKind) -> OpRecord {
        seq += 1
        return OpRecord(round: config.round, client: index, seq: seq, kind: kind,
                        tag: OpRecord.tag(round: config.round, client: index, seq: seq))
    }

    /// Times `body`, records its answer, and reconnects after an answer that was lost.
    private func perform(_ record: OpRecord, _ body: (Actor, inout OpRecord) throws(ReservationError) -> Void) {
        var r = record
        r.started = Date().timeIntervalSince1970
        let began = ContinuousClock.now
        shared.begin(r, at: began)
        // The operation's tag is the acting name, so the audit row of its transaction carries it.
        let actor = Actor(staffID: nil, name: r.tag, role: .admin)
        do {
            try body(actor, &r)
            r.outcome = .ok
        } catch {
            let (outcome, kind) = FaultClient.classify(error)
            r.outcome = outcome
            r.errorKind = kind
            r.error = error.description
            if outcome == .unknown {
                doubts.append((r.tag, r.reservation.flatMap(UUID.init(uuidString:))))
                book = nil
                lookup = nil
            } else if r.kind != .book, ["illegalTransition", "notFound", "invalid"].contains(kind) {
                // Our idea of the reservation was stale: read it again rather than repeat the mistake.
                doubts.append((r.tag, r.reservation.flatMap(UUID.init(uuidString:))))
            }
        }
        r.latencyMs = FaultClient.seconds(ContinuousClock.now - began) * 1000
        shared.finish(r)
    }

    /// Refused: the core answered no, with a reason; nothing was written. Unknown: no usable answer.
    static func classify(_ error: ReservationError) -> (OpOutcome, String) {
        switch error {
        case .invalid: (.refused, "invalid")
        case .tableTaken: (.refused, "tableTaken")
        case .tableStillSeated: (.refused, "tableStillSeated")
        case .phoneBelongsToGuest: (.refused, "phoneBelongsToGuest")
        case .noTableFree: (.refused, "noTableFree")
        case .overPacing: (.refused, "overPacing")
        case .locked: (.refused, "locked")
        case .notFound: (.refused, "notFound")
        case .illegalTransition: (.refused, "illegalTransition")
        case .forbidden: (.refused, "forbidden")
        case .databaseUnavailable: (.unknown, "databaseUnavailable")
        case .internalError: (.unknown, "internalError")
        // Anything else (Redis, schema, or a case added later) is not a clear "no": the checker decides.
        default: (.unknown, "\(error)".split(separator: "(").first.map(String.init) ?? "other")
        }
    }

    private func doBook(_ book: ReservationBook) {
        var r = newRecord(.book)
        let slot = venue.slots[random(venue.slots.count)]
        let party = chance(0.6) ? 2 : 4
        // Mostly a named table (the contended path: taken / locked); sometimes best fit.
        let table: String? = chance(0.8) ? venue.tables[random(venue.tables.count)] : nil
        r.table = table
        r.slot = "\(slot) x\(party)"
        let req = BookingRequest(restaurantID: venue.restaurantID, tableLabel: table, date: slot.date, time: slot.time,
                                 partySize: party, guest: .new(name: "Fault guest \(index)", phone: phone,
                                                               email: "guest\(index)@example.com"),
                                 notes: r.tag)
        perform(r) { (actor, done) throws(ReservationError) in
            let outcome = try book.book(req, actor: actor)
            done.reservation = outcome.entry.id.uuidString.lowercased()
            done.table = outcome.entry.tableLabel
            done.degraded = outcome.degraded
            self.mine[outcome.entry.id] = (.confirmed, outcome.entry.tableLabel)
        }
    }

    private func doMove(_ book: ReservationBook, _ id: UUID, _ from: String) {
        var r = newRecord(.move)
        r.reservation = id.uuidString.lowercased()
        let others = venue.tables.filter { $0 != from }
        let to = others[random(others.count)]
        r.table = to
        perform(r) { (actor, _) throws(ReservationError) in
            let entry = try book.change(id, ReservationChange(tableLabel: to), actor: actor)
            self.mine[id] = (entry.reservation.status, entry.tableLabel)
        }
    }

    private func doStatus(_ book: ReservationBook, _ action: ReservationAction, _ id: UUID, _ table: String) {
        let kind: OpKind = switch action {
        case .cancel: .cancel
        case .seat: .seat
        default: .complete
        }
        var r = newRecord(kind)
        r.reservation = id.uuidString.lowercased()
        r.table = table
        perform(r) { (actor, _) throws(ReservationError) in
            let entry = try book.apply(action, to: id, actor: actor)
            self.mine[id] = entry.reservation.status.isLive ? (entry.reservation.status, entry.tableLabel) : nil
        }
    }

    // MARK: After a lost answer

    private func settleDoubts() {
        guard !doubts.isEmpty else { return }
        // Unreachable now (the fault is still on): the doubts wait for the next pass.
        if lookup == nil { lookup = try? PGConnection(url: config.configuration.databaseURL) }
        guard let db = lookup else { return }
        var left: [(tag: String, reservation: UUID?)] = []
        for d in doubts {
            do {
                let row: PGRow?
                if let id = d.reservation {
                    row = try db.queryOne("""
                        SELECT x.id, x.status, t.label FROM reservations x
                        JOIN dining_tables t ON t.restaurant_id = x.restaurant_id AND t.id = x.table_id WHERE x.id = $1
                        """, [id])
                } else {
                    row = try db.queryOne("""
                        SELECT x.id, x.status, t.label FROM reservations x
                        JOIN dining_tables t ON t.restaurant_id = x.restaurant_id AND t.id = x.table_id
                        WHERE x.restaurant_id = $1 AND x.notes = $2
                        """, [venue.restaurantID, d.tag])
                }
                if let row {
                    let status = try row.string("status", as: ReservationStatus.self)
                    mine[try row.uuid("id")] = status.isLive ? (status, try row.string("label")) : nil
                }
            } catch {
                lookup = nil
                left.append(d)
            }
        }
        doubts = left
    }
}
