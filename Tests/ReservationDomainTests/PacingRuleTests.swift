import Foundation
import Testing
@testable import ReservationDomain

@Suite("Pacing rule")
struct PacingRuleTests {
    static let clock = ZonedClock(identifier: "Europe/Madrid")!
    static let day = LocalDate(year: 2026, month: 5, day: 15)!
    static func at(_ h: Int, _ m: Int) -> Date { clock.resolve(day, TimeOfDay(hour: h, minute: m)!).instant! }

    static func res(_ n: Int, _ party: Int, _ h: Int, _ m: Int, _ status: ReservationStatus = .confirmed, expires: Date? = nil) -> Reservation {
        Reservation(id: UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", n))!, restaurantID: 1, tableID: Int64(n), customerID: Int64(n),
                    partySize: party, startsAt: at(h, m), endsAt: at(h, m).addingTimeInterval(7200), status: status, source: .phone,
                    expiresAt: expires, notes: "", createdAt: at(10, 0), updatedAt: at(10, 0), seatedAt: nil)
    }

    @Test("covers are counted per quarter hour from live reservations; a lapsed hold and finished ones give theirs back")
    func counting() {
        let now = Self.at(18, 0)
        let p = Pacing(limit: 24, reservations: [
            Self.res(1, 4, 19, 30), Self.res(2, 6, 19, 40, .seated), Self.res(3, 2, 19, 44, .pending, expires: Self.at(18, 10)),
            Self.res(4, 8, 19, 30, .pending, expires: Self.at(17, 59)),  // lapsed
            Self.res(5, 5, 19, 35, .cancelled), Self.res(6, 3, 19, 30, .completed), Self.res(7, 2, 19, 45),
        ], now: now)
        #expect(p.covers(at: Self.at(19, 30)) == 12)
        #expect(p.covers(at: Self.at(19, 37)) == 12)  // any instant of the slot names the slot
        #expect(p.covers(at: Self.at(19, 45)) == 2)
        #expect(p.covers(at: Self.at(19, 15)) == 0)
    }

    @Test("a party fits up to the limit exactly, not past it; no limit means everything fits")
    func fits() {
        let p = Pacing(limit: 24, covers: [Self.at(19, 30): 22])
        #expect(p.fits(party: 2, at: Self.at(19, 30)))
        #expect(!p.fits(party: 3, at: Self.at(19, 44)))
        #expect(Pacing(limit: nil, covers: [Self.at(19, 30): 500]).fits(party: 12, at: Self.at(19, 30)))
    }

    @Test("the refusal names the slot, its covers, the limit and the nearest slots that fit, in time order")
    func refusal() {
        let windows = [ServiceWindow(name: "dinner", opens: Self.at(19, 0), closes: Self.at(23, 30))]
        let slots = Pacing.startSlots(windows: windows, turnMinutes: 120)
        #expect(slots.first == Self.at(19, 0))
        #expect(slots.last == Self.at(21, 30))  // the last start whose whole turn ends by closing
        let p = Pacing(limit: 24, covers: [Self.at(19, 30): 22, Self.at(19, 15): 18, Self.at(19, 45): 20, Self.at(20, 0): 10])
        let error = p.refusal(party: 4, at: Self.at(19, 30), candidates: slots, clock: Self.clock)
        #expect(error == .overPacing(slot: "19:30", covers: 22, limit: 24, party: 4, alternatives: ["19:15", "19:45"]))
        #expect(error?.description == "19:30 has 22 of 24 covers; a party of 4 fits at 19:15 or 19:45. Pick another time, or a manager can book past the pacing limit.")
        #expect(error?.exitCode == 3)
        // For 6: 19:15 fits exactly (18 + 6), 19:45 does not; of 19:00 and 20:00, as near, the earlier.
        let bigger = p.refusal(party: 6, at: Self.at(19, 30), candidates: slots, clock: Self.clock)
        #expect(bigger?.pacingFacts == "19:30 has 22 of 24 covers; a party of 6 fits at 19:00 or 19:15.")
        #expect(p.refusal(party: 2, at: Self.at(19, 30), candidates: slots, clock: Self.clock) == nil)
        let full = Pacing(limit: 4, covers: Dictionary(uniqueKeysWithValues: slots.map { ($0, 4) }))
        #expect(full.refusal(party: 1, at: Self.at(20, 0), candidates: slots, clock: Self.clock)?.pacingFacts
                == "20:00 has 4 of 4 covers; no other time that day has room for 1 in the pacing.")
    }

    @Test("start slots skip the past; service slots cover every quarter hour to closing")
    func slotLists() {
        let windows = [ServiceWindow(name: "dinner", opens: Self.at(19, 0), closes: Self.at(20, 0))]
        #expect(Pacing.startSlots(windows: windows, turnMinutes: 30, notBefore: Self.at(19, 20)) == [Self.at(19, 15), Self.at(19, 30)])
        #expect(Pacing.serviceSlots(windows: windows) == [Self.at(19, 0), Self.at(19, 15), Self.at(19, 30), Self.at(19, 45)])
    }
}

@Suite("Guest duplicates rule")
struct GuestDuplicatesRuleTests {
    static func guest(_ id: Int64, _ name: String, _ phone: String, email: String? = nil) -> Customer {
        Customer(id: id, restaurantID: 1, name: name, phone: phone, email: email)
    }

    @Test("the same name (case and accents aside) with a phone a digit or two off, or the same last 7 digits")
    func nameAndPhone() {
        let a = Self.guest(1, "Álvaro Núñez", "+34600112233")
        #expect(GuestDuplicates.reason(a, Self.guest(2, "alvaro nuñez", "+34600112234")) == .nameAndPhone)
        #expect(GuestDuplicates.reason(a, Self.guest(3, "ALVARO NUNEZ", "+34600112332")) == .nameAndPhone)  // two swapped
        #expect(GuestDuplicates.reason(a, Self.guest(4, "Alvaro Nunez", "+33600112233")) == .nameAndPhone)  // another country code
        #expect(GuestDuplicates.reason(a, Self.guest(5, "Alvaro Nunez", "+34699887766")) == nil)  // two people of one name
        #expect(GuestDuplicates.reason(a, Self.guest(6, "Álvaro Núñez Ruiz", "+34600112234")) == nil)  // another name
        #expect(GuestDuplicates.reason(a, Self.guest(7, "Alvaro Nunez", "")) == nil)  // no number to compare
        #expect(GuestDuplicates.reason(a, a) == nil)
    }

    @Test("the same e-mail, case aside, whatever the names; never the anonymous placeholder")
    func email() {
        let a = Self.guest(1, "Carmen Vidal", "+34611000001", email: "carmen@example.com")
        #expect(GuestDuplicates.reason(a, Self.guest(2, "C. Vidal", "+34699999999", email: "Carmen@Example.com")) == .email)
        var anon = Self.guest(3, "Walk-in", "")
        anon.anonymous = true
        #expect(GuestDuplicates.reason(anon, Self.guest(4, "Walk-in", "")) == nil)
        let within = GuestDuplicates.within([a, Self.guest(2, "C. Vidal", "+34699999999", email: "carmen@example.com"), Self.guest(5, "Otro", "+34600000000")])
        #expect(within[1]?.id == 2 && within[2]?.id == 1 && within[5] == nil)
    }
}
