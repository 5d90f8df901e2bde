import ReservationDomain
// Migration 34: the audit log filtered by action at one venue (`reservaflow audit --restaurant X --action A
// [--date D]`, `:audit`), read through an index of its own (issue 21). Through `audit_log_by_venue_time` alone,
// one action on one day read every row of that venue's day: on the full benchmark data (2.9 million rows),
// the day a venue's history was loaded holds 20,000 of them, 2,366 buffers for one page (`make bench`'s plan
// check). Building it takes a few seconds per million rows, during which the log takes no writes.
extension Migration {
    static let v34AuditByAction = Migration(version: 34, name: "audit by action", sql: #"""
CREATE INDEX audit_log_by_venue_action_time ON audit_log (restaurant_id, action, at DESC, id DESC);
"""#)
}
