import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

extension TUIEndToEndTests {
    /// A walk-in of 8 at a venue whose largest table seats 6, through the real binary at 160x48 and 80x24:
    /// the form offers the joined tables, Enter seats the party there, and both tiles show the join.
    @Test(arguments: [(160, 48), (80, 24)])
    func aWalkInOfEightIsSeatedAtJoinedTables(size: (Int, Int)) throws {
        let venue = try E2EVenue()
        try venue.book.importFloor(FloorFile.parse(E2EVenue.floor + "\n[[combinations]]\ntables = [\"T2\", \"T3\"]\n"),
                                   actor: .commandLine(user: "e2e"))
        let tui = try venue.signedIn(width: size.0, height: size.1)
        try tui.press("w")
        try tui.waitFor(text: "Walk-in")
        try tui.type("8")
        try tui.waitFor("the walk-in form to offer the combination") { $0.contains("T2+T3 (1-8) is free now") }
        try tui.press("Enter")
        try tui.waitFor(text: "Seated walk-in")
        let entries = try venue.waitForEntries(on: venue.today, "the walk-in at T2+T3") { $0.contains { $0.seatLabel == "T2+T3" } }
        #expect(entries.first { $0.seatLabel == "T2+T3" }?.reservation.status == .seated)
        try tui.waitFor("both tiles to show the join") { $0.contains("T2(4)+T3") && $0.contains("T3(4)+T2") }
    }
}
