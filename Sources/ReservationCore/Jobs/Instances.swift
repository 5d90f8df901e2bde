import Foundation
import ReservationDomain

extension ReservationBook {
    /// Records that `instance` is alive (one row per instance, so several daemons are each visible).
    public func beat(instance: String, hostname: String, pid: Int, version: String, startedAt: Date) throws(ReservationError) {
        try write {
            try db.query("""
                INSERT INTO daemon_instances (instance, hostname, pid, version, started_at, beat_at)
                VALUES ($1, $2, $3, $4, to_timestamp($5::float8), to_timestamp($6::float8))
                ON CONFLICT (instance) DO UPDATE SET beat_at = EXCLUDED.beat_at, stopped_at = NULL, pid = EXCLUDED.pid
                """, [instance, hostname, pid, version, startedAt, now()])
        }
    }

    /// A clean stop says so at once, rather than leaving the row to go stale.
    public func markStopped(instance: String) throws(ReservationError) {
        try write {
            try db.query("UPDATE daemon_instances SET stopped_at = to_timestamp($2::float8) WHERE instance = $1", [instance, now()])
        }
    }

    /// Every instance seen in the last day, most recent first (older stopped rows are removed here).
    public func daemonInstances() throws(ReservationError) -> [DaemonInstance] {
        let at = now()
        return try read {
            try db.query("DELETE FROM daemon_instances WHERE beat_at < to_timestamp($1::float8) - interval '1 day'", [at])
            return try db.query("""
                SELECT instance, hostname, pid, version, extract(epoch FROM started_at) AS s, extract(epoch FROM beat_at) AS b,
                       extract(epoch FROM stopped_at) AS x
                FROM daemon_instances ORDER BY beat_at DESC
                """).map { row in
                    DaemonInstance(instance: try row.string("instance"), hostname: try row.string("hostname"), pid: try row.int("pid"),
                                   version: try row.string("version"), startedAt: try row.date("s"), beatAt: try row.date("b"),
                                   stoppedAt: try row.optionalDate("x"))
                }
        }
    }
}
