import Foundation
import Testing
@testable import ReservationDomain

/// Issue 20, item 7: with no quote, the host is told why.
@Suite("WaitQuote.noQuote")
struct WaitQuoteMessageTests {
    @Test("the last seating for the party's turn and the close")
    func saysWhy() {
        #expect(WaitQuote.noQuote(party: 12, rules: WaitQuoteCloseTests.rules, windows: [WaitQuoteCloseTests.window],
                                  now: WaitQuoteCloseTests.now, clock: madrid)
                == "No table frees up for 12 in time: a 150-min turn must start by 21:30 to end by the 00:00 close.")
    }
}
