import Foundation
import Testing
import ReservationDomain
@testable import ReservaFlowUI

@Suite("Live-updates indicator")
struct LiveIndicatorTests {
    @Test("the header follows the change feed's connection at once, not at the next health check")
    func followsTheFeed() {
        var s = Fixture.state(width: 160, height: 48)
        s = Fixture.send(s, .liveUpdates(false)).0
        #expect(s.liveUpdates == false)
        #expect(render(s, size: s.size).lines()[1].contains("live ✗"))
        s = Fixture.send(s, .liveUpdates(true)).0
        #expect(s.liveUpdates == true)
        #expect(render(s, size: s.size).lines()[1].contains("live ✓"))
    }

    @Test("a health check does not turn the indicator off: the feed's connection is the terminal's own state")
    func survivesHealthChecks() {
        var s = Fixture.state(width: 160, height: 48)
        s = Fixture.send(s, .liveUpdates(true)).0
        s = Fixture.send(s, .healthChanged(Fixture.health)).0
        #expect(render(s, size: s.size).lines()[1].contains("live ✓"))
    }

    /// Issue 8, item 18: "live ✓" stayed up 8 s after the database died, until the feed's socket noticed.
    @Test("a database outage shows live ✗ at once, and live ✓ again when it is back and the feed still holds")
    func aDatabaseOutageIsNotLive() {
        var s = Fixture.state(width: 160, height: 48)
        s = Fixture.send(s, .liveUpdates(true)).0
        s = Fixture.send(s, .healthChanged(Health(database: false, redis: true, daemonHeartbeat: Fixture.health.daemonHeartbeat))).0
        #expect(render(s, size: s.size).lines()[1].contains("live ✗"), "\(render(s, size: s.size).lines()[1])")
        s = Fixture.send(s, .healthChanged(Fixture.health)).0
        #expect(render(s, size: s.size).lines()[1].contains("live ✓"))
    }
}
