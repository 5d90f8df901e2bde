import Foundation

/// The ceilings: what PostgreSQL itself sustains on this machine, this database and this durability, with
/// the same number of clients, measured by pgbench in the same run as the figure they sit beside.
struct Pgbench {
    let path: String
    let target: PGTarget
    let workDirectory: String

    struct Figure {
        var transactionsPerSecond: Double
        var latency: LatencyRun
    }

    init(appURL: String, workDirectory: String) throws {
        guard let path = which("pgbench") else {
            throw BenchFailure("pgbench is not installed (Debian: postgresql-client); it measures the ceilings")
        }
        self.path = path
        target = try PGTarget(url: appURL)
        self.workDirectory = workDirectory
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
    }

    /// Runs `script` with `clients` connections for `seconds`, prepared statements, and reads every
    /// transaction's latency from pgbench's log. Any failed or aborted client fails the benchmark.
    func run(name: String, script: String, clients: Int, seconds: Int, variables: [String: String]) throws -> Figure {
        let scriptPath = "\(workDirectory)/\(name).sql"
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        let logDir = "\(workDirectory)/log-\(name)-\(clients)"
        try? FileManager.default.removeItem(atPath: logDir)
        try FileManager.default.createDirectory(atPath: logDir, withIntermediateDirectories: true)
        var args = ["-n", "-M", "prepared", "-c", String(clients), "-j", String(min(clients, 2)), "-T", String(seconds),
                    "-f", scriptPath, "-l", "--log-prefix=\(logDir)/tx"]
        for (k, v) in variables.sorted(by: { $0.key < $1.key }) { args += ["-D", "\(k)=\(v)"] }
        let out = try runProcess(path, args, environment: target.environment)
        let text = out.stdout + out.stderr
        guard out.status == 0, let tps = Pgbench.number(after: "tps = ", in: out.stdout) else {
            throw BenchFailure("pgbench \(name) (\(clients) clients) failed (exit \(out.status)):\n\(text.suffix(2000))")
        }
        if let failed = Pgbench.number(after: "number of failed transactions: ", in: out.stdout), failed > 0 {
            throw BenchFailure("pgbench \(name) (\(clients) clients): \(Int(failed)) failed transactions:\n\(text.suffix(2000))")
        }
        if text.contains("aborted") {
            throw BenchFailure("pgbench \(name) (\(clients) clients): a client aborted:\n\(text.suffix(2000))")
        }
        var latencies: [Double] = []
        for file in (try? FileManager.default.contentsOfDirectory(atPath: logDir)) ?? [] {
            guard let log = try? String(contentsOfFile: "\(logDir)/\(file)", encoding: .utf8) else { continue }
            for line in log.split(separator: "\n") {
                // client_id transaction_no time(us) script_no time_epoch time_us
                let f = line.split(separator: " ", maxSplits: 3)
                if f.count >= 3, let us = Double(f[2]) { latencies.append(us / 1000) }
            }
        }
        try? FileManager.default.removeItem(atPath: logDir)
        return Figure(transactionsPerSecond: tps, latency: LatencyRun(samples: latencies))
    }

    static func number(after marker: String, in text: String) -> Double? {
        guard let r = text.range(of: marker) else { return nil }
        let digits = text[r.upperBound...].prefix { $0.isNumber || $0 == "." }
        return Double(digits)
    }

    // MARK: Scripts

    /// The plain ceiling: one durable single-row INSERT per transaction.
    static let singleInsert = """
        INSERT INTO bench_rows (client, payload) VALUES (:client_id::int, 'a reservation-sized row of text');
        """

    /// The booking's own write set, as `ReservationBook.book` writes it for a new guest with an e-mail
    /// (Sources/ReservationCore/Services/Booking.swift and Outbox.swift): the guest (upserted by phone), the
    /// reservation, its two outbox rows (confirmation now, reminder 24 h before) and the audit row with the
    /// reservation as JSON, in one transaction, through the real tables (so their constraints and triggers
    /// run: the exclusion constraint, the change-feed NOTIFY, the availability day versions at COMMIT).
    /// Pipelined and prepared: the fastest way PostgreSQL can take these rows, which makes it a ceiling.
    /// Its change notification goes out the way ReservationCore sends it (migration 4): noted in the
    /// transaction, sent right after COMMIT in the same round trip.
    /// Laid out as the booking clients book: client c of n has every n-th table (`tpc` of them) and every
    /// n-th day, six 90-minute turns a table a day, one day after the other (variables `rid`, `tbase`,
    /// `nclients`, `tpc`, `run`; `k` counts the client's transactions).
    static let bookingWriteSet = """
        \\set k :k + 1
        \\set s :k % (6 * :tpc)
        \\set d :client_id + :nclients * (:k / (6 * :tpc))
        \\set t :tbase + :client_id + :nclients * (:s / 6)
        \\set m 660 + (:s % 6) * 90 + ((:s % 6) / 3) * 150
        \\set ph 300000000000 + :run * 1000000000 + :client_id * 10000000 + :k
        \\set u random(1, 4000000000000000000)
        \\startpipeline
        BEGIN;
        SELECT set_config('reservaflow.notify_after_commit', 'on', true);
        INSERT INTO customers (restaurant_id, name, phone, email) VALUES (:rid::bigint, 'Lucía Garrido', '+' || :ph::bigint, 'lucia.garrido@example.com')
            ON CONFLICT (restaurant_id, phone) DO UPDATE SET email = coalesce(customers.email, EXCLUDED.email) RETURNING id;
        INSERT INTO reservations (id, restaurant_id, table_id, customer_id, party_size, starts_at, ends_at, status, source,
                                  expires_at, notes, created_by, created_at, updated_at, seated_at)
            VALUES (md5(:u::text)::uuid, :rid::bigint, :t::bigint, currval('customers_id_seq'), 2,
                    timestamptz '2031-01-01 00:00+00' + :d::int * interval '1 day' + :m::int * interval '1 minute',
                    timestamptz '2031-01-01 01:30+00' + :d::int * interval '1 day' + :m::int * interval '1 minute',
                    'confirmed', 'phone', NULL, '', 'pgbench', now(), now(), NULL);
        INSERT INTO notifications (restaurant_id, reservation_id, kind, recipient, subject, body, message_id, scheduled_for)
            VALUES (:rid::bigint, md5(:u::text)::uuid, 'confirmation', 'lucia.garrido@example.com', 'Your table at Bench Venue is confirmed',
                    'Hello Lucía Garrido, your table for 2 on Friday 2031-01-03 at 20:00 is confirmed. Reference: 0123abcd Bench Venue +34 600 000 000 Calle Mayor 1, Madrid',
                    '<' || md5(:u::text) || '.confirmation@bench.reservaflow>', now()),
                   (:rid::bigint, md5(:u::text)::uuid, 'reminder', 'lucia.garrido@example.com', 'Reminder: Bench Venue, Friday 2031-01-03 at 20:00',
                    'Hello Lucía Garrido, a reminder of your table for 2 on Friday 2031-01-03 at 20:00. Reference: 0123abcd Bench Venue +34 600 000 000 Calle Mayor 1, Madrid',
                    '<' || md5(:u::text) || '.reminder@bench.reservaflow>',
                    timestamptz '2031-01-01 00:00+00' + :d::int * interval '1 day' + :m::int * interval '1 minute' - interval '24 hours')
            ON CONFLICT (message_id) DO UPDATE SET status = 'pending', scheduled_for = EXCLUDED.scheduled_for,
                subject = EXCLUDED.subject, body = EXCLUDED.body, attempts = 0, last_error = NULL;
        SELECT reservaflow_declare(NULL, 'pgbench', 'bench', 'book', NULL);
        COMMIT;
        SELECT reservaflow_flush_changes();
        \\endpipeline
        """
}
