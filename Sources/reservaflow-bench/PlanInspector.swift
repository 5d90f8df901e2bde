import Foundation
import ReservationNative

/// Reads the plans of the statements the core really runs (`ReservationBook.observeStatements`): every
/// SELECT is run again under `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)` with its parameters, and once more
/// as a generic plan (the plan PostgreSQL may switch a prepared statement to after a few runs, whatever
/// the parameters), its text prefixed `/* generic plan */`. A plan that cannot be read fails the
/// statement: the benchmark must not pass on a plan it never saw.
struct PlanInspector {
    let collect: (_ sql: String, _ planJSON: String) -> Void

    func observe(_ db: PGConnection, _ sql: String, _ params: [any PGParameter]) throws(PGError) {
        guard sql.drop(while: \.isWhitespace).prefix(6).uppercased() == "SELECT" else { return }
        collect(sql, try explain(db, sql, params))
        // EXECUTE's arguments are literals: PostgreSQL does not bind parameters inside a utility statement.
        let args = params.map { $0.pgText.map(Self.literal) ?? "NULL" }.joined(separator: ", ")
        try db.query("PREPARE rf_plan AS " + sql)
        defer { _ = try? db.query("DEALLOCATE rf_plan") }
        // The programs never set plan_cache_mode, so RESET puts back what was in force.
        try db.query("SET plan_cache_mode = force_generic_plan")
        let generic = Result { () throws(PGError) in try explain(db, "EXECUTE rf_plan" + (params.isEmpty ? "" : "(\(args))"), []) }
        try db.query("RESET plan_cache_mode")
        collect("/* generic plan */ " + sql, try generic.get())
    }

    /// `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)` of `sql`: its one row's one column.
    private func explain(_ db: PGConnection, _ sql: String, _ params: [any PGParameter]) throws(PGError) -> String {
        let rows = try db.query("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, params)
        do throws(RowDecodingError) {
            guard let plan = try rows.first?.string("QUERY PLAN") else { throw RowDecodingError(column: "QUERY PLAN", problem: .missingColumn) }
            return plan
        } catch {
            throw PGError.unexpected("EXPLAIN gave no plan: \(error)")
        }
    }

    /// An SQL string literal (standard_conforming_strings is on, as it is by default: only quotes double).
    static func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
}
