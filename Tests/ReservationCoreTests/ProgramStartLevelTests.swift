import Logging
import Testing
@testable import ReservationCore
@testable import ReservationDomain

@Suite("ProgramStart: the log level")
struct ProgramStartLevelTests {
    @Test("every level swift-log knows is taken by its name")
    func known() throws {
        for level in Logger.Level.allCases { #expect(try ProgramStart.level(level.rawValue) == level) }
    }

    @Test("anything else is refused, naming the levels; never a quiet default", arguments: ["verbose", "INFO", "", "warn"])
    func unknown(name: String) {
        #expect(throws: ReservationError.invalid(field: "log-level", message: "--log-level is one of trace, debug, info, notice, warning, error, critical, not \"\(name)\".")) {
            try ProgramStart.level(name)
        }
    }
}
