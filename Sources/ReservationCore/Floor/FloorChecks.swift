import Foundation
import ReservationDomain

/// The refusals every part of a floor file's check uses, each naming the key and its line
/// (`floor file: line 12: restaurant.max_party: ...`).
struct FloorChecks {
    let source: FloorSource

    /// A refusal at `path` (its line, else its table's).
    func fail(_ path: String, _ message: String) -> ReservationError {
        FloorFile.bad(source.line(of: path), "\(path): \(message)")
    }

    func range(_ value: Int?, _ path: String, _ bounds: ClosedRange<Int>, _ what: String) throws(ReservationError) {
        guard let value else { return }
        guard bounds.contains(value) else { throw fail(path, "\(value) is out of range: \(what) is \(bounds.lowerBound) to \(bounds.upperBound)") }
    }

    /// The core's own text rule (sanitised; characters and code points), reported at its line.
    func text(_ value: String?, _ path: String, max: Int, required: Bool = false) throws(ReservationError) {
        guard let value else { return }
        do { _ = try Fields.text(value, field: path, max: max, required: required) } catch {
            if case .invalid(_, let message) = error { throw fail(path, message) }
            throw error
        }
    }

    func count(_ n: Int, _ path: String, max: Int, _ what: String) throws(ReservationError) {
        guard n <= max else { throw fail(path, "\(n) \(what); a floor file may have at most \(max)") }
    }
}

extension FloorFile {
    /// Every rule, checked before anything is written, with the line and key named. Returns warnings
    /// (tables that overlap on the floor): allowed, but worth a look.
    @discardableResult
    public func validate() throws(ReservationError) -> [String] {
        let c = FloorChecks(source: source)
        try validateVenue(c)
        try validateTurnTimes(c)
        try validateHours(c)
        try validateClosures(c)
        let warnings = try validateAreas(c)
        try validateCombinations(c)
        return warnings
    }
}
