import Foundation
@testable import ReservationDomain
import Testing
@testable import ReservaFlowUI

/// Issue 8, items 6, 7 and 11 in the booking form: the right guest on every booking, and typing into a
/// prefilled field replaces it.
@Suite struct GuestFieldTests {
    @Test func aKnownPhoneWithAnotherNameAsksAndEnterBooksTheGuestOnFile() throws {
        var s = Fixture.keys(Fixture.state(), "nPedro Gil").0
        s = Fixture.press(s, .tab, .tab).0
        s = Fixture.keys(s, "611222333").0
        s = Fixture.press(s, .tab, .tab).0
        s = Fixture.keys(s, "21:30").0
        s = Fixture.press(s, .tab).0
        s = Fixture.keys(s, "2").0
        var (t, fx) = Fixture.press(s, .enter)
        #expect(Fixture.bookedGuest(fx) == .new(name: "Pedro Gil", phone: "611222333", email: nil))
        t = Fixture.send(t, .phoneBelongsToGuest(phone: "+34611222333", guest: "王小明", customerID: 102, message: "…")).0
        let f = try #require(Fixture.bookingForm(t))
        #expect(f.error?.contains("王小明") == true && f.focus == .party && !f.submitting, "\(f.error ?? "")")
        // Enter: the guest on file.
        #expect(Fixture.bookedGuest(Fixture.press(t, .enter).1) == .existing(102))
        // Or another number: a new guest (back to the phone, where typing replaces it).
        let other = Fixture.press(Fixture.keys(Fixture.press(t, .backTab, .backTab, .backTab).0, "622000111").0, .enter).1
        #expect(Fixture.bookedGuest(other) == .new(name: "Pedro Gil", phone: "622000111", email: nil))
    }

    @Test func digitsTypedAsTheGuestAreThePhoneNotTheName() throws {
        var s = Fixture.keys(Fixture.state(), "n611").0
        var f = try #require(Fixture.bookingForm(s))
        #expect(f.phone.text == "611" && f.name.text == "", "name \(f.name.text)")
        s = Fixture.press(s, .tab).0
        s = Fixture.keys(s, "Marta Vidal").0
        f = try #require(Fixture.bookingForm(s))
        #expect(f.name.text == "Marta Vidal")  // was "61Marta Vidal"
    }

    @Test func enterOnTheMatchListPicksAGuestNeverBooksTheFragment() throws {
        let s = Fixture.keys(Fixture.state(), "n61").0
        // Enter before the answer came: it waits for the answer, then picks the first match; nothing is
        // booked as "61".
        let (early, none) = Fixture.press(s, .enter)
        #expect(Fixture.bookedGuest(none) == nil && Fixture.bookingForm(early)?.chosen == nil)
        let arrived = Fixture.send(early, .customersFound(fragment: "61", [Fixture.wang])).0
        #expect(Fixture.bookingForm(arrived)?.chosen?.id == Fixture.wang.id && Fixture.bookingForm(arrived)?.focus == .date)
        // After it came: Enter picks the first, ↓ moves the highlight first.
        let listed = Fixture.send(s, .customersFound(fragment: "61", [Fixture.wang, Fixture.zoe])).0
        #expect(Fixture.bookingForm(Fixture.press(listed, .enter).0)?.chosen?.id == Fixture.wang.id)
        #expect(Fixture.bookingForm(Fixture.press(listed, .down, .down, .enter).0)?.chosen?.id == Fixture.zoe.id)
        // An answer with no match: Enter goes on as a new guest would (here: asks for a name).
        let nobody = Fixture.send(early, .customersFound(fragment: "61", [])).0
        #expect(Fixture.bookingForm(nobody)?.chosen == nil && Fixture.bookingForm(nobody)?.error != nil)
    }

    @Test func typingIntoAPrefilledFieldReplacesIt() throws {
        // The guest pane's guest prefilled: typing another name starts a new guest ("Irene RuizTest" before).
        var s = Fixture.state()
        s.customer = CustomerPanel(customer: Fixture.rossi)
        s.focus = .customer
        s = Fixture.keys(s, "n").0
        #expect(Fixture.bookingForm(s)?.chosen?.id == Fixture.rossi.id)
        s = Fixture.keys(s, "Test").0
        #expect(Fixture.bookingForm(s)?.guest.text == "Test" && Fixture.bookingForm(s)?.chosen == nil)
        // The date field, prefilled with the day: tabbing to it and typing replaces it.
        s = Fixture.press(s, .tab, .tab, .tab).0
        #expect(Fixture.bookingForm(s)?.focus == .date)
        s = Fixture.keys(s, "tomorrow").0
        #expect(Fixture.bookingForm(s)?.date.text == "tomorrow")
        // A cursor key keeps the text for editing.
        s = Fixture.press(s, .tab, .backTab, .end, .backspace).0
        #expect(Fixture.bookingForm(s)?.date.text == "tomorro")
        // Prompts: move table "T3" then typing "T14" gives T14.
        var field = PromptForm(kind: .moveTable(UUID()), text: "T3").field
        for c in "T14" { field.apply(.char(c)) }
        #expect(field.text == "T14")
        var notes = PromptForm(kind: .editNotes(UUID()), text: "window").field
        for c in " seat" { notes.apply(.char(c)) }
        #expect(notes.text == "window seat")
    }

    @Test func aGuestAlreadyBookedThatDayIsWarnedAboutBeforeBooking() throws {
        var s = Fixture.keys(Fixture.state(), "n61").0
        s = Fixture.send(s, .customersFound(fragment: "61", [Fixture.wang])).0
        let (picked, fx) = Fixture.press(s, .enter)
        #expect(fx.contains(.loadGuestDay(Fixture.wang.id, Fixture.date)), "\(fx)")
        s = Fixture.send(picked, .guestDayLoaded(Fixture.wang.id, Fixture.date, [Fixture.entries[2]])).0
        #expect(Fixture.bookingForm(s)?.sameDay.map(\.id) == [Fixture.entries[2].id])
        let screen = render(s, size: s.size).lines().joined(separator: "\n")
        #expect(screen.contains("王小明 is already booked that day: T3 21:30"), "\(screen)")
        // An answer for another guest or day is not shown.
        let stale = Fixture.send(picked, .guestDayLoaded(Fixture.wang.id, Fixture.date.adding(days: 1), [Fixture.entries[2]])).0
        #expect(Fixture.bookingForm(stale)?.sameDay.isEmpty == true)
    }

    /// Item 12: a whole flow typed in one burst ends the same however late the guest lookups answer:
    /// keys are handled as if every answer had come at once, and answers never move the focus nor change
    /// what was typed.
    @Test(arguments: [0, 1, 2, 3, 5, 8, 13, 40])
    func aBurstEndsTheSameHoweverLateTheLookupsAnswer(_ delay: Int) throws {
        func typed(_ text: String) -> [Key] { text.map { Key.char($0) } }
        var keys: [Key] = [.char("n")]
        keys += typed("Ana")
        keys += [.down]
        keys += typed("R")
        keys += [.tab, .tab]
        keys += typed("600111222")
        keys += [.down, .down]
        keys += typed("21:45")
        keys += [.tab, .char("4")]
        let known = [Fixture.ana, Fixture.wang, Fixture.zoe, Fixture.smith, Fixture.rossi]
        func answer(_ fragment: String) -> Msg {
            .customersFound(fragment: fragment, known.filter { $0.name.lowercased().contains(fragment.lowercased()) || $0.phone.contains(fragment) })
        }
        func run(delay: Int) -> BookingForm? {
            var s = Fixture.state()
            var due: [(at: Int, fragment: String)] = []
            func deliver(upTo i: Int) {
                while let next = due.first, next.at <= i {
                    due.removeFirst()
                    s = Fixture.send(s, answer(next.fragment)).0
                }
            }
            for (i, key) in keys.enumerated() {
                let (n, fx) = Fixture.send(s, .key(key))
                s = n
                for case .searchCustomers(_, let fragment) in fx { due.append((i + delay, fragment)) }
                deliver(upTo: i)
            }
            deliver(upTo: .max)
            return Fixture.bookingForm(s)
        }
        let atOnce = try #require(run(delay: 0))
        #expect(atOnce.time.text == "21:45" && atOnce.party.text == "4" && atOnce.phone.text == "600111222",
                "\(atOnce.time.text) / \(atOnce.party.text) / \(atOnce.phone.text)")
        let f = try #require(run(delay: delay))
        let got = [f.guest.text, f.name.text, f.phone.text, f.time.text, f.party.text]
        let want = [atOnce.guest.text, atOnce.name.text, atOnce.phone.text, atOnce.time.text, atOnce.party.text]
        #expect(f.focus == atOnce.focus && got == want, "answers \(delay) keys late: \(got)")
    }
}
