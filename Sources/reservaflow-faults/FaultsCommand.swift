import ArgumentParser
import FaultSuite
import Foundation
import Glibc
import ReservationCore
import ReservationDomain

/// The fault suite's program (driven by scripts/faults.sh, `make test-faults`; see docs/faults.md):
///   load   - one round of concurrent clients on the round's own venue, journal written to --dir
///   stall  - a client that holds a booking transaction open (the injector stops it with SIGSTOP)
///   check  - judge rounds from the database and print the table; exits 1 unless every round passes
/// PostgreSQL and Redis come from DATABASE_URL / REDIS_URL (or .stack/env); the checker reads the database
/// as FAULTS_ADMIN_URL (the administrator, on the same database).
@main
struct FaultsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reservaflow-faults",
        abstract: "ReservaFlow's fault suite: concurrent clients, a stalled client, and the checker.",
        subcommands: [Load.self, Stall.self, Check.self])
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("reservaflow-faults: \(message)\n".utf8))
    exit(1)
}

struct Load: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run one round of clients and write its journal.")

    @Option(help: "Round name (letters, digits, dashes).") var round: String
    @Option(help: "Directory for the journal.") var dir: String
    @Option(help: "How long the clients work, in seconds.") var seconds: Double = 20
    @Option(help: "Concurrent clients (threads, one connection each).") var clients: Int = 32
    @Option(help: "An operation slower than this many seconds counts as hung.") var hangBound: Double = 10
    @Option(name: .customLong("api-url"), help: "reservaflow-api's base URL (http://127.0.0.1:PORT), for the API clients.") var apiURL: String?
    @Option(name: .customLong("api-clients"), help: "API clients (threads talking HTTP to --api-url), besides --clients.") var apiClients: Int = 0
    @Option(help: "Seconds after the round an API client may still retry an unknown answer with its Idempotency-Key (default: the hang bound).") var settleSeconds: Double?

    func run() throws {
        guard round.range(of: "^[a-z0-9-]{1,30}$", options: .regularExpression) != nil else { fail("bad round name \(round)") }
        let configuration: Configuration
        do { configuration = try Configuration.load() } catch { fail(error.description) }
        guard apiClients >= 0, apiClients == 0 || apiURL != nil else { fail("--api-clients needs --api-url") }
        let d = RunDirectory(dir)
        let config = LoadConfig(round: round, configuration: configuration, clients: clients, seconds: seconds, hangBound: hangBound,
                                apiURL: apiURL, apiClients: apiClients, settleSeconds: settleSeconds)
        let result: LoadRunner.Result
        do {
            result = try LoadRunner.run(config, log: { line in FileHandle.standardError.write(Data("  \(line)\n".utf8)) }) {
                _ = FileManager.default.createFile(atPath: d.ready(round), contents: Data())
            }
        } catch {
            fail("round \(round): \(error.description)")
        }
        try d.writeOps(result.records, round: round)
        try d.writeMeta(result.meta)
        let ok = result.records.filter { $0.outcome == .ok }.count
        let api = result.records.filter(\.isAPI)
        let apiText = apiClients > 0
            ? " (\(api.count) by \(apiClients) API clients: \(api.filter { $0.outcome == .ok }.count) ok, \(api.filter { $0.outcome == .unknown }.count) unknown, \(api.filter { $0.outcome == .unknown && $0.settled != nil }.count) of them settled by retry)"
            : ""
        print("  \(round): \(result.records.count) operations by \(clients + apiClients) clients in \(Int(seconds)) s, \(ok) acknowledged\(apiText)")
        // Clients stuck in a call are abandoned: their threads end with the process.
        Glibc.exit(0)
    }
}

struct Stall: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Hold a booking transaction open on one table.")

    @Option(help: "Round whose venue to use.") var round: String
    @Option(help: "Directory of the run (ready and release files).") var dir: String
    @Option(help: "Table label.") var table: String = "T1"

    func run() throws {
        let configuration: Configuration
        do { configuration = try Configuration.load() } catch { fail(error.description) }
        let outcome = try Staller.run(databaseURL: configuration.databaseURL, slug: FaultVenue.slug(round: round), table: table,
                                      ready: "\(dir)/\(round).stall-ready", release: "\(dir)/\(round).stall-release")
        print(outcome.message)
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Judge rounds from the database and print the table.")

    @Option(help: "Directory of the run.") var dir: String
    @Option(help: "Only this round (prints one line); default: every round, as a table.") var round: String?
    @Flag(help: "Print every problem found, not only the first ten per round.") var verbose = false
    @Option(name: .customLong("results-json"), help: "Also write the verdicts here: a JSON array, one object per round.") var resultsJSON: String?

    func run() throws {
        guard let admin = ProcessInfo.processInfo.environment["FAULTS_ADMIN_URL"], !admin.isEmpty else {
            fail("FAULTS_ADMIN_URL (the administrator's URL of the scratch database) is not set")
        }
        let d = RunDirectory(dir)
        let rounds = round.map { [$0] } ?? d.rounds()
        var reports: [RoundReport] = []
        var skipped: [(String, String)] = []
        for r in rounds {
            if let reason = d.skipReason(r) {
                skipped.append((r, reason))
                continue
            }
            do { reports.append(try Checker.check(d, round: r, adminURL: admin)) } catch {
                fail("round \(r): cannot check: \(error)")
            }
        }
        if let resultsJSON {
            var results = reports.map(RoundResult.init)
            for (r, reason) in skipped { results.append(.skipped(r, reason: reason, restarts: d.restartsNeeded(r))) }
            let order = rounds
            results.sort { (order.firstIndex(of: $0.round) ?? 0) < (order.firstIndex(of: $1.round) ?? 0) }
            do {
                let dirURL = URL(fileURLWithPath: resultsJSON).deletingLastPathComponent()
                try FileManager.default.createDirectory(at: dirURL, withIntermediateDirectories: true)
                try RoundResult.json(results).write(to: URL(fileURLWithPath: resultsJSON), options: .atomic)
            } catch {
                fail("cannot write \(resultsJSON): \(error)")
            }
        }
        if round != nil {
            for r in reports {
                let api = r.apiOps > 0 ? ", api \(r.apiOps) (unresolved \(r.unresolved)\(r.apiOkAfterFault.map { ", ok after the fault \($0)" } ?? ""))" : ""
                let gap = r.writeGapMax.map { String(format: ", write gap max %.1f s", $0) } ?? ""
                print("  \(r.round): ok \(r.ok), refused \(r.refused), unknown \(r.unknown) (\(r.unknownApplied) applied, \(r.unknownAbsent) absent)\(api), lost \(r.lost), phantom \(r.phantom), dup \(r.duplicates), outbox lost \(r.outboxLost), overlaps \(r.overlaps), hung \(r.hung), max \(Int(r.maxLatencyMs)) ms\(r.okDuringFault.map { ", ok during fault \($0)" } ?? "")\(gap): \(r.passed ? "pass" : "FAIL")")
                printProblems(r)
            }
            for (r, reason) in skipped { print("  \(r): could not run (\(reason)): FAIL") }
        } else {
            let sync = Set(reports.map(\.synchronousCommit)).sorted().joined(separator: ", ")
            print("synchronous_commit (as the clients' sessions saw it): \(sync)")
            print(Checker.table(reports, skipped: skipped))
            for r in reports where !r.problems.isEmpty || !r.notes.isEmpty {
                print("\n\(r.round):")
                printProblems(r)
            }
        }
        // A round that could not run is a failure, not a skip.
        if !reports.allSatisfy(\.passed) || !skipped.isEmpty { throw ExitCode(1) }
    }

    func printProblems(_ r: RoundReport) {
        for n in r.notes { print("    note: \(n)") }
        let shown = verbose ? r.problems : Array(r.problems.prefix(10))
        for p in shown { print("    \(p)") }
        if shown.count < r.problems.count { print("    ... and \(r.problems.count - shown.count) more (--verbose)") }
    }
}
