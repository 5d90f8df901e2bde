import CLibPQ
import Foundation
import Glibc
import ReservationDomain

extension PGConnection {
    /// One statement of a pipeline.
    public struct Statement {
        public var sql: String
        public var params: [any PGParameter]
        public init(_ sql: String, _ params: [any PGParameter] = []) {
            self.sql = sql
            self.params = params
        }
    }

    /// Sends `statements` together and reads their answers: one round trip for all of them (libpq's pipeline
    /// mode, one sync point), run by the server one after the other as if sent singly. When one fails, the
    /// server skips the rest up to the sync point: their results are failures too (`skipped`). Throws only
    /// when the connection itself fails; each statement's own outcome is in the array, in order.
    public func pipeline(_ statements: [Statement]) throws(PGError) -> [Result<[PGRow], PGError>] {
        for st in statements { try observe(st.sql, st.params) }
        guard PQenterPipelineMode(conn) == 1 else { throw connectionError() }
        // A statement not prepared yet is prepared in the same pipeline, just before it first runs there.
        var preparing: [Int: String] = [:]
        var preparingSQL: [String: String] = [:]
        for (i, st) in statements.enumerated() {
            var name = prepared[st.sql] ?? preparingSQL[st.sql]
            if name == nil, preparable(st.sql) {
                let new = newStatementName()
                guard PQsendPrepare(conn, new, st.sql, 0, nil) == 1 else { throw leavePipeline(connectionError()) }
                preparing[i] = new
                preparingSQL[st.sql] = new
                name = new
            }
            guard send(st.sql, prepared: name, st.params) == 1 else { throw leavePipeline(connectionError()) }
        }
        guard PQpipelineSync(conn) == 1 else { throw leavePipeline(connectionError()) }
        /// The next answer (one result, then the NULL that ends it).
        func next() throws(PGError) -> Result<[PGRow], PGError> {
            try awaitAnswer()
            guard let res = PQgetResult(conn) else { throw leavePipeline(connectionError()) }
            defer {
                PQclear(res)
                while let extra = PQgetResult(conn) { PQclear(extra) }
            }
            if PQresultStatus(res) == PGRES_PIPELINE_ABORTED {
                return .failure(PGError(sqlState: nil, message: "skipped after an earlier statement failed", constraint: nil, connectionLost: false))
            }
            do throws(PGError) {
                try check(res)
                return .success(rows(of: res))
            } catch {
                return .failure(error)
            }
        }
        var results: [Result<[PGRow], PGError>] = []
        results.reserveCapacity(statements.count)
        // A COMMIT in the pipeline ran only if every statement before it succeeded; if so and the connection
        // broke before its answer, the transaction's fate is unknown (see `PGError.outcomeUnknown`).
        let commitAt = statements.firstIndex { $0.sql == "COMMIT" }
        func commitMayHaveRun() -> Bool {
            guard let commitAt else { return false }
            return !results.prefix(commitAt).contains { if case .failure(let e) = $0 { !e.connectionLost } else { false } }
        }
        do throws(PGError) {
            for (i, st) in statements.enumerated() {
                if let name = preparing[i] {
                    let made = try next()
                    if case .success = made { prepared[st.sql] = name }
                    let ran = try next()
                    if case .failure = made { results.append(made) } else { results.append(ran) }
                } else {
                    results.append(try next())
                }
            }
            // The sync point's own result.
            var synced = false
            while !synced {
                try awaitAnswer()
                guard let res = PQgetResult(conn) else { break }
                synced = PQresultStatus(res) == PGRES_PIPELINE_SYNC
                PQclear(res)
            }
            guard synced, PQexitPipelineMode(conn) == 1 else { throw leavePipeline(connectionError()) }
        } catch {
            throw PGConnection.afterCommit(error, commitSent: commitMayHaveRun())
        }
        if let commitAt, case .failure(let e) = results[commitAt] {
            results[commitAt] = .failure(PGConnection.afterCommit(e, commitSent: commitMayHaveRun()))
        }
        return results
    }

    /// Drains what is left and leaves pipeline mode, so the connection can be used (or seen to be dead).
    func leavePipeline(_ error: PGError) -> PGError {
        guard !stale else { return error }  // a server that stopped answering has nothing left to drain
        var tries = 0
        while PQpipelineStatus(conn) != PQ_PIPELINE_OFF && tries < 64 {
            while let res = PQgetResult(conn) { PQclear(res) }
            if PQexitPipelineMode(conn) == 1 { break }
            tries += 1
        }
        return error
    }

    /// `BEGIN`, and the setting that defers this transaction's change notifications when
    /// `notifiesAfterCommit` is set: for callers that pipeline their first statements with it.
    public var beginStatements: [Statement] {
        notifiesAfterCommit ? [Statement("BEGIN"), Statement("SELECT set_config('reservaflow.notify_after_commit', 'on', true)")]
                            : [Statement("BEGIN")]
    }

    /// `COMMIT`, then (when `notifiesAfterCommit`) the notifications the transaction's triggers noted.
    public var commitStatements: [Statement] {
        notifiesAfterCommit ? [Statement("COMMIT"), Statement("SELECT reservaflow_flush_changes()")] : [Statement("COMMIT")]
    }

    /// Reads the outcome of `commitStatements` at the end of a pipeline: the COMMIT's error is thrown; a
    /// failed notification is not (the change is committed; screens catch up at their next reload).
    public func checkCommit(_ results: ArraySlice<Result<[PGRow], PGError>>) throws(PGError) {
        if case .failure(let e)? = results.first { throw e }
    }

    /// Runs `body` in a transaction; rolls back on any error. Nested calls are not supported (and not needed).
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        if notifiesAfterCommit {
            try execScript("BEGIN; SELECT set_config('reservaflow.notify_after_commit', 'on', true)")
        } else {
            try query("BEGIN")
        }
        do {
            let value = try body()
            if notifiesAfterCommit {
                try checkCommit(try pipeline(commitStatements)[...])
            } else {
                try query("COMMIT")
            }
            return value
        } catch {
            rollbackIfOpen()
            throw error
        }
    }

    /// Ends a transaction left open or failed (after an error), if the connection still works.
    public func rollbackIfOpen() {
        guard isAlive else { return }
        let status = PQtransactionStatus(conn)
        // Not thrown: the caller is already reporting the error that led here, and a ROLLBACK that fails
        // means a broken connection, which the next statement reports (and the server rolls back anyway).
        if status == PQTRANS_INTRANS || status == PQTRANS_INERROR { _ = try? query("ROLLBACK") }
    }
}
