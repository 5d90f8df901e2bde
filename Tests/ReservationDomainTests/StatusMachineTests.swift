import Foundation
import Testing
@testable import ReservationDomain

@Suite("StatusMachine")
struct StatusMachineTests {
    /// The whole machine, written out: pending -> confirmed | cancelled | expired;
    /// confirmed -> seated | cancelled | no_show; seated -> completed; the rest are final.
    static let legal: Set<String> = [
        "pending>confirmed", "pending>cancelled", "pending>expired",
        "confirmed>seated", "confirmed>cancelled", "confirmed>no_show",
        "seated>completed",
    ]

    @Test("every pair of statuses", arguments: ReservationStatus.allCases, ReservationStatus.allCases)
    func pair(from: ReservationStatus, to: ReservationStatus) {
        #expect(StatusMachine.canMove(from, to: to) == Self.legal.contains("\(from.rawValue)>\(to.rawValue)"))
    }

    @Test("live statuses are exactly those the exclusion constraint covers")
    func live() {
        #expect(Set(ReservationStatus.allCases.filter(\.isLive)) == [.pending, .confirmed, .seated])
    }

    @Test("actions map to their target statuses")
    func actions() {
        #expect(ReservationAction.allCases.map(\.target) == [.confirmed, .seated, .completed, .cancelled, .noShow, .expired])
        #expect(ReservationAction(rawValue: "no-show") == .noShow)
        #expect(ReservationStatus.noShow.label == "no-show")
    }

    @Test("a pending hold stops blocking its table when it lapses")
    func blocksTable() {
        let now = utc("2026-05-13T10:00:00Z")
        func res(_ status: ReservationStatus, expires: Date? = nil) -> Reservation {
            Reservation(id: UUID(), restaurantID: 1, tableID: 1, customerID: 1, partySize: 2, startsAt: now, endsAt: now,
                        status: status, source: .phone, expiresAt: expires)
        }
        #expect(res(.pending, expires: now.addingTimeInterval(1)).blocksTable(at: now))
        #expect(!res(.pending, expires: now).blocksTable(at: now))
        #expect(res(.confirmed).blocksTable(at: now))
        #expect(res(.seated).blocksTable(at: now))
        for s in [ReservationStatus.completed, .cancelled, .noShow, .expired] { #expect(!res(s).blocksTable(at: now)) }
    }

    @Test("the illegal-transition message lists what is possible")
    func message() {
        #expect(ReservationError.illegalTransition(from: .confirmed, to: .completed).description
            == "A confirmed reservation cannot become completed; it can become cancelled, no-show, seated.")
        #expect(ReservationError.illegalTransition(from: .completed, to: .seated).description
            == "A completed reservation cannot become seated; it is final.")
    }
}
