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
        #expect(s.health?.liveUpdates == false)
        #expect(render(s, size: s.size).lines()[1].contains("live ✗"))
        s = Fixture.send(s, .liveUpdates(true)).0
        #expect(s.health?.liveUpdates == true)
        #expect(render(s, size: s.size).lines()[1].contains("live ✓"))
    }
}
