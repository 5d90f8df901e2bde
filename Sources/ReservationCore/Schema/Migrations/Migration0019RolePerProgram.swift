import ReservationDomain
// Migration 19: a database role per program, each with what it does and no more (issue 19).
//
// Until now the TUI, the CLI, the daemon and the internet-facing API all held `reservaflow_runtime`, so a
// hole in the API was a hole with the staff tools' rights: it could promote a staff member to admin, give one
// guest's password hash to another, or rewrite a venue's rules. Now (groups made by deploy/roles.sql):
// - `reservaflow_online` (reservaflow-api): reads the venues and the book; writes bookings, guest records
//   and their mails; issues and revokes tokens and stores idempotent answers. Of staff it reads what a
//   sign-in needs and writes only the sign-in's bookkeeping; of guest accounts it creates them and writes
//   the same bookkeeping: never a role, never a password hash after the account is made. No venue rules,
//   no tables, no staff venues, no waitlist, no shift notes.
// - `reservaflow_jobs` (reservaflowd): reads the venues and the book; expires holds (bookings and the
//   guests' counters), works the outbox, keeps its instance row (its heartbeat), and drops expired tokens
//   and day-old idempotent answers. Nothing of staff or guest accounts at all.
// - `reservaflow_runtime` (the TUI and the CLI, staff's tools) keeps the book, the floor and staff (managers
//   manage staff there), but loses what is the online channel's: it may read guest accounts and keep their
//   sign-in bookkeeping, not create them or change a password hash, and it holds nothing of tokens or
//   idempotent answers (it neither issues the one nor stores the other).
// A booking locks its tables' rows (`FOR NO KEY UPDATE`), and PostgreSQL asks for UPDATE on a table to lock
// its rows: the API and the daemon would need to be able to rewrite tables to book at one. So the lock is
// taken by `reservaflow_lock_table`, run as the owner, which locks the one row and returns the venue's
// version; every program locks through it.
// Triggers that write elsewhere (the audit log, a booking's table claims) run as the owner; those that run
// as the caller (the day-version and guest-counter triggers, the status machine reading the audit log) are
// covered by the grants below.
extension Migration {
    static let v19RolePerProgram = Migration(version: 19, name: "a role per program", sql: #"""
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'reservaflow_online')
       OR NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'reservaflow_jobs') THEN
        RAISE EXCEPTION 'the roles reservaflow_online and reservaflow_jobs do not exist'
            USING HINT = 'Run deploy/roles.sql as a superuser first (docs/security.md): the API and the daemon now log in as roles of their own.';
    END IF;
END $$;

CREATE FUNCTION reservaflow_lock_table(p_restaurant_id bigint, p_table_id bigint) RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT r.book_version FROM dining_tables t JOIN restaurants r ON r.id = t.restaurant_id
    WHERE t.restaurant_id = p_restaurant_id AND t.id = p_table_id FOR NO KEY UPDATE OF t
$$;
REVOKE ALL ON FUNCTION reservaflow_lock_table(bigint, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION reservaflow_lock_table(bigint, bigint) TO reservaflow_runtime, reservaflow_online, reservaflow_jobs;

GRANT USAGE ON SCHEMA public TO reservaflow_online, reservaflow_jobs;
GRANT SELECT ON schema_migrations, restaurants, turn_times, opening_hours, closures, areas, dining_tables,
    table_combinations, table_combination_members, reservations, reservation_tables, customers, waitlist,
    notifications, book_versions, daemon_instances, audit_log
    TO reservaflow_online, reservaflow_jobs;
GRANT INSERT, UPDATE ON book_versions TO reservaflow_online, reservaflow_jobs;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO reservaflow_online, reservaflow_jobs;
GRANT EXECUTE ON FUNCTION reservaflow_flush_changes(), reservaflow_session(), reservaflow_session_alive(text),
    reservaflow_declare(bigint, text, text, text, jsonb), reservaflow_audit_event(bigint, text, text, jsonb, jsonb),
    reservation_status_step(text, text)
    TO reservaflow_online, reservaflow_jobs;

-- The API.
GRANT INSERT, UPDATE ON reservations, customers, notifications TO reservaflow_online;
GRANT SELECT ON staff, staff_restaurants TO reservaflow_online;
GRANT UPDATE (failed_logins, locked_until, last_login_at) ON staff TO reservaflow_online;
GRANT SELECT, INSERT ON guest_accounts TO reservaflow_online;
GRANT UPDATE (failed_logins, locked_until) ON guest_accounts TO reservaflow_online;
GRANT SELECT, INSERT ON api_tokens TO reservaflow_online;
GRANT UPDATE (revoked_at) ON api_tokens TO reservaflow_online;
GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO reservaflow_online;

-- Staff's tools: the online channel's tables are not theirs.
REVOKE INSERT, UPDATE, DELETE ON guest_accounts FROM reservaflow_runtime;
GRANT UPDATE (failed_logins, locked_until) ON guest_accounts TO reservaflow_runtime;
REVOKE ALL ON api_tokens, idempotency_keys FROM reservaflow_runtime;

-- The daemon.
GRANT UPDATE ON reservations, customers TO reservaflow_jobs;
GRANT INSERT, UPDATE ON notifications TO reservaflow_jobs;
GRANT INSERT, UPDATE, DELETE ON daemon_instances TO reservaflow_jobs;
GRANT SELECT, DELETE ON api_tokens, idempotency_keys TO reservaflow_jobs;
"""#)
}
