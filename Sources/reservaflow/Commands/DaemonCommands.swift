import ArgumentParser
import Foundation
import ReservationCore
import ReservationDomain

/// `reservaflow status`: is everything up, is a daemon running, is mail flowing.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Health: database, Redis, daemon instances, the outbox, the next hold to lapse.")
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let book = try global.openBook()
        let now = Date()
        let health = book.health()
        let instances = try book.daemonInstances()
        let live = instances.filter { $0.isLive(at: now) }
        let counts = try book.outboxCounts()
        let nextHold = try book.nextHoldExpiry()
        if global.json {
            let outbox = Dictionary(uniqueKeysWithValues: OutboxStatus.allCases.map { ($0.rawValue, counts[$0] ?? 0) })
            try Printer.json(CLIWire.Status(health: health, instances: instances, outbox: outbox, nextHoldExpiry: nextHold, now: now))
            return
        }
        Printer.line("database  \(health.database ? "ok" : "DOWN")")
        Printer.line("redis     \(health.redis ? "ok" : "down (bookings go on without leases)")")
        Printer.line("daemon    \(live.isEmpty ? "NOT RUNNING: holds lapse only when a booking meets them, and no mail is sent" : "\(live.count) running")")
        if !instances.isEmpty {
            Printer.table(["INSTANCE", "HOST", "PID", "STARTED", "LAST BEAT", "STATE"], instances.map { i in
                [i.instance, i.hostname, String(i.pid), Printer.iso(i.startedAt), "\(Int(now.timeIntervalSince(i.beatAt))) s ago",
                 i.stoppedAt != nil ? "stopped" : (i.isLive(at: now) ? "live" : "dead (no beat for \(Int(DaemonInstance.staleAfter)) s)")]
            })
        }
        Printer.line("outbox    " + OutboxStatus.allCases.map { "\($0.rawValue) \(counts[$0] ?? 0)" }.joined(separator: " · "))
        Printer.line("holds     " + (nextHold.map { "next lapses at \(Printer.iso($0))" } ?? "none pending"))
    }
}

/// `reservaflow outbox [--status S]` and `reservaflow outbox retry ID`.
struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "outbox", abstract: "The mails the daemon sends: list them, or requeue one.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "list | retry") var action: String = "list"
    @Argument(help: "Notification id (for retry).") var id: Int64?
    @Option(help: "Only this status: scheduled, running, retryable, completed, discarded, cancelled.") var status: String?
    @Option(help: "At most this many rows.") var limit = 50

    func run() throws {
        let book = try global.openBook()
        switch action {
        case "list":
            var filter: OutboxStatus? = nil
            if let status {
                // "failed" is what an operator types at 3 a.m.: the mails that will not go out without help.
                guard let s = status == "failed" ? .discarded : OutboxStatus(rawValue: status) else {
                    throw ReservationError.invalid(field: "status", message: "Use one of \(OutboxStatus.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                filter = s
            }
            guard (1...10_000).contains(limit) else { throw ReservationError.invalid(field: "limit", message: "Use 1 to 10000.") }
            let rows = try book.outbox(status: filter, limit: limit)
            if global.json { try Printer.json(rows.map(CLIWire.OutboxEntry.init)); return }
            Printer.table(["ID", "KIND", "TO", "STATUS", "TRIES", "DUE", "LAST ERROR"], rows.map {
                [String($0.id), $0.kind.rawValue, TextSanitizer.clean($0.recipient), $0.status.rawValue, "\($0.attempts)/\($0.maxAttempts)",
                 Printer.iso($0.scheduledFor), TextSanitizer.clean(String(($0.lastError ?? "").prefix(60)))]
            })
        case "retry":
            guard let id else { throw ReservationError.invalid(field: "id", message: "Give the notification id (see `reservaflow outbox`).") }
            let entry = try book.retryNotification(id, actor: .commandLine())
            if global.json { try Printer.json(CLIWire.OutboxEntry(entry)) } else { Printer.line("Notification \(id) requeued: the daemon sends it now.") }
        default:
            throw ReservationError.invalid(field: "action", message: "Use list or retry.")
        }
    }
}
