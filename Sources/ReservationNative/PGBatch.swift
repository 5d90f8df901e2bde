/// The statements of one pipelined round trip, each added with a handle that finds its own result
/// afterwards, so no caller counts positions ("the pacing count is the statement just before the locks").
public struct PGBatch {
    public private(set) var statements: [PGConnection.Statement] = []

    /// One statement's place in the batch.
    public struct One: Sendable { fileprivate let index: Int }
    /// A run of statements' places, in the order added.
    public struct Many: Sendable { fileprivate let range: Range<Int> }

    public init() {}

    @discardableResult
    public mutating func add(_ statement: PGConnection.Statement) -> One {
        statements.append(statement)
        return One(index: statements.count - 1)
    }

    @discardableResult
    public mutating func add(_ run: [PGConnection.Statement]) -> Many {
        let start = statements.count
        statements += run
        return Many(range: start..<statements.count)
    }
}

/// What a batch answered, read through its handles.
public struct PGBatchResults {
    public let results: [Result<[PGRow], PGError>]

    /// The first failure in the batch, in order: a later statement failing after an earlier one only
    /// says the pipeline was aborted.
    public func checkAll() throws(PGError) {
        for result in results { if case .failure(let e) = result { throw e } }
    }

    public func rows(_ one: PGBatch.One) throws(PGError) -> [PGRow] { try results[one.index].get() }

    public func rows(_ many: PGBatch.Many) throws(PGError) -> [[PGRow]] {
        var out: [[PGRow]] = []
        for i in many.range { out.append(try results[i].get()) }
        return out
    }

    /// The results after `one` (a COMMIT's, to settle with `checkCommit`).
    public func after(_ one: PGBatch.One) -> ArraySlice<Result<[PGRow], PGError>> { results[(one.index + 1)...] }

    /// The results before `one`.
    public func before(_ one: PGBatch.One) -> ArraySlice<Result<[PGRow], PGError>> { results[..<one.index] }
}

extension PGConnection {
    /// `pipeline` for a batch built with handles.
    public func pipeline(_ batch: PGBatch) throws(PGError) -> PGBatchResults {
        PGBatchResults(results: try pipeline(batch.statements))
    }
}
