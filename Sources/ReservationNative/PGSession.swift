import Foundation

/// What every connection sets before its first statement (docs/security.md, "No one can freeze the book").
public struct PGSession: Sendable {
    /// A row another client holds (a stalled terminal, a laptop lid closed mid-booking) costs at most this.
    public var lockTimeoutMs: Int
    /// No statement the programs run takes more than a fraction of this; 0 is no limit.
    public var statementTimeoutMs: Int
    /// A client that stops between statements of a transaction loses it, and its locks, after this.
    public var idleInTransactionTimeoutMs: Int

    public static let standard = PGSession()

    /// How long this client waits for any answer from the server before it gives the connection up as dead:
    /// a little past the server's own statement limit, so only a server that stopped answering (hung, or a
    /// machine gone with its kernel still acknowledging keepalives, as a SIGSTOPped primary does) reaches
    /// it. None without a statement limit (migrations).
    public var answerWaitMs: Int? { statementTimeoutMs == 0 ? nil : statementTimeoutMs + 5_000 }

    /// Migrations may take longer on a big database; they still give up waiting for a lock quickly, so a
    /// migration never queues every booking behind it.
    public static let migration = PGSession(statementTimeoutMs: 0)

    public init(lockTimeoutMs: Int = 5_000, statementTimeoutMs: Int = 30_000, idleInTransactionTimeoutMs: Int = 15_000) {
        self.lockTimeoutMs = lockTimeoutMs
        self.statementTimeoutMs = statementTimeoutMs
        self.idleInTransactionTimeoutMs = idleInTransactionTimeoutMs
    }

    /// Acknowledged means durable: whatever the server or role says, this session waits for the commit to
    /// reach disk (and, with synchronous standbys configured, the standbys) before a booking is confirmed.
    /// Stronger settings (remote_write, remote_apply) are kept.
    var sql: String {
        """
        SET lock_timeout = \(lockTimeoutMs);
        SET statement_timeout = \(statementTimeoutMs);
        SET idle_in_transaction_session_timeout = \(idleInTransactionTimeoutMs);
        SELECT set_config('synchronous_commit', 'on', false) WHERE current_setting('synchronous_commit') IN ('off', 'local');
        """
    }
}
