import ReservationDomain
// Migration 32: what the reports read fast (issue 22).
//
// - `waitlist_by_time`: a venue's waitlist entries by the time they were added, so a year of quotes is a range
//   scan. The list had only the live entries' order (migration 9).
// - `audit_log_over_pacing`: the bookings a manager made past the pacing limit (the audit row's
//   `over_pacing` note, migration 10). Overrides are rare, so the partial index holds a handful of rows where
//   the log holds millions, and each booking of a report's range asks it one probe.
// Bookings by venue and start are `reservations_day` (migration 1), already what a range needs.
// No grant: the tools' role reads these tables already (migration 3); the API's and the daemon's have no
// report to read.
extension Migration {
    static let v32Reports = Migration(version: 32, name: "reports", sql: #"""
CREATE INDEX waitlist_by_time ON waitlist (restaurant_id, created_at);
CREATE INDEX audit_log_over_pacing ON audit_log (restaurant_id, entity_id)
    WHERE entity = 'reservation' AND action = 'book' AND after ? 'over_pacing';
"""#)
}
