import Foundation
import Testing
import ReservationCore
import ReservationDomain

/// Runs `body`, expects it to be refused with `.invalid(field: field, ...)`, and returns the message.
@discardableResult
func expectInvalid(_ field: String, sourceLocation: SourceLocation = #_sourceLocation,
                   _ body: () throws -> Void) -> String? {
    do {
        try body()
        Issue.record("expected .invalid(field: \"\(field)\"), but it succeeded", sourceLocation: sourceLocation)
    } catch let error as ReservationError {
        if case .invalid(let f, let message) = error, f == field { return message }
        Issue.record("expected .invalid(field: \"\(field)\"), got \(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected .invalid(field: \"\(field)\"), got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// The error `body` throws as a `ReservationError`, recording an issue when it does not throw one.
func reservationError(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> ReservationError? {
    do {
        try body()
        Issue.record("expected a ReservationError, but it succeeded", sourceLocation: sourceLocation)
    } catch let error as ReservationError {
        return error
    } catch {
        Issue.record("expected a ReservationError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

extension TestEnv {
    /// Asserts that `body` leaves reservations, customers, audit log, outbox and waitlist untouched.
    func expectNothingWritten(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) throws {
        let before = try writeCounts()
        try body()
        #expect(try writeCounts() == before, "a refused request wrote rows", sourceLocation: sourceLocation)
    }
}
