import Foundation
@testable import PodiumRuntime
import ReservaFlowUI
import ReservationDomain
import Testing

/// The worker hands effects to the book one at a time, in order, and holds them while a retry waits
/// (issue 23, item 9: the wait used to be a sleep on the book's thread).
@Suite struct EffectQueueTests {
    @Test func oneAtATimeInTheOrderAsked() {
        var q = EffectQueue()
        q.add([.checkHealth, .loadVenues])
        #expect(q.next() == .checkHealth)
        #expect(q.next() == nil, "the first still runs")
        q.finished()
        #expect(q.next() == .loadVenues)
        q.finished()
        #expect(q.next() == nil)
    }

    @Test func whatIsAskedDuringARetrysWaitRunsAfterItThenTheRetry() {
        var q = EffectQueue()
        q.add([.loadDay(1, LocalDate(year: 2027, month: 3, day: 1)!)])
        let day = q.next()
        q.pause()  // the database did not answer the day load
        q.finished()
        q.add([.checkHealth])
        #expect(q.next() == nil, "held while the retry waits")
        q.resume(resending: day!)
        #expect(q.next() == .checkHealth)
        q.finished()
        #expect(q.next() == day)
    }
}
