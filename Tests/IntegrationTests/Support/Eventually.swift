import Foundation

/// Polls `condition` until it holds, or throws once `seconds` have passed: for a test that must see
/// something happen, instead of a fixed sleep that is too short on a loaded machine and too long elsewhere.
/// The deadline is a hang guard, not a speed check.
func eventually(_ what: String, within seconds: TimeInterval = 60, _ condition: () throws -> Bool) throws {
    let deadline = Date().addingTimeInterval(seconds)
    while true {
        if try condition() { return }
        guard Date() < deadline else { throw TestStackError("timed out after \(seconds) s waiting for \(what)") }
        usleep(50_000)
    }
}
