/// A step of the one job a request runs on its borrowed book, before the route's work: the token checked,
/// the per-guest booking limit, the Idempotency-Key honoured. Middleware in all but name, but blocking
/// and on the book's thread: each needs the database, and running them with the work as one job keeps a
/// request to one hop off the event loop and back (Hummingbird middleware would borrow a book per step).
protocol BookStep: Sendable {
    /// Does this step's part and calls `next` with the call as it now is, or answers instead.
    func run(_ call: Call, next: (Call) throws -> Reply) throws -> Reply
}

/// The steps of a route, in order, then its work.
struct BookSteps: Sendable {
    let steps: [any BookStep]

    /// `seen` is the call as the last step passed it on (the principal known once the token is checked),
    /// for answering an error thrown further on as that caller.
    func run(_ call: Call, seen: inout Call, _ work: (Call) throws -> Reply) throws -> Reply {
        try run(call, from: 0, seen: &seen, work)
    }

    private func run(_ call: Call, from index: Int, seen: inout Call, _ work: (Call) throws -> Reply) throws -> Reply {
        seen = call
        guard index < steps.count else { return try work(call) }
        return try steps[index].run(call) { try run($0, from: index + 1, seen: &seen, work) }
    }
}
