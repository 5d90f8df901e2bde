import Foundation
import Testing
import ReservationDomain
@testable import ReservaFlowUI

/// Issue 21: the manager's desk in the TUI, k9s-style: `:staff`, `:audit`, `:guests`, `/` filters, a key
/// per action, refused to a host in one sentence.
@Suite struct AdminScreenTests {
    static func screen(_ s: AppState) -> String { render(s, size: s.size).lines().joined(separator: "\n") }

    static func manager(_ width: Int = 160, _ height: Int = 48) -> AppState {
        var s = Fixture.state(width: width, height: height)
        s.staff?.role = .manager
        s.staff?.venues = [1]
        return s
    }

    static let team = [StaffMember(id: 7, username: "marta", displayName: "Marta Vidal", role: .manager, venues: [1]),
                       StaffMember(id: 8, username: "bea", displayName: "Bea Soler", role: .host, venues: [1]),
                       StaffMember(id: 9, username: "otto", displayName: "Otto Gil", role: .host, active: false, venues: [1])]

    static func command(_ s: AppState, _ text: String) -> (AppState, [Effect]) {
        let typed = Fixture.keys(Fixture.keys(s, ":").0, text).0
        return Fixture.press(typed, .enter)
    }

    @Test("a host asking for :staff or :audit is told why in one sentence; :guests is theirs too")
    func hostRefused() {
        for name in ["staff", "audit"] {
            let (s, fx) = Self.command(Fixture.state(), name)
            #expect(s.overlay == nil && fx.isEmpty)
            #expect(s.message?.text.hasPrefix("A host cannot") == true, "\(String(describing: s.message))")
        }
        #expect(Self.command(Fixture.state(), "guests").1 == [.loadAdmin(.guests, 1, filter: "")])
    }

    @Test(":staff lists the team; / filters; x asks, then disables; the list is read again")
    func staff() throws {
        var (s, fx) = Self.command(Self.manager(), "staff")
        #expect(fx == [.loadAdmin(.staff, 1, filter: "")])
        #expect(Self.screen(s).contains("Loading"))
        s = Fixture.send(s, .adminLoaded(.staff, .staff(Self.team, venues: [1: "casa-lucia"]))).0
        let text = Self.screen(s)
        #expect(text.contains(":staff · Staff (3)") && text.contains("Bea Soler") && text.contains("disabled") && text.contains("casa-lucia"), "\(text)")
        s = Fixture.keys(s, "/bea").0
        s = Fixture.press(s, .enter).0
        guard case .admin(let a)? = s.overlay else { Issue.record("no admin screen"); return }
        #expect(a.visible.map(\.id) == ["bea"] && !a.filtering)
        var words = a
        words.filter.set("host")
        #expect(words.visible.map(\.id) == ["bea", "otto"], "a word of the row, the role among them")
        words.filter.set("ana")
        #expect(words.visible.isEmpty, "\"ana\" begins no word here (manAGer does not count)")
        s = Fixture.keys(s, "x").0
        guard case .confirm(let q, _)? = s.overlay else { Issue.record("no question"); return }
        #expect(q.question.contains("Disable bea"))
        let (done, fx2) = Fixture.keys(s, "y")
        #expect(fx2 == [.changeStaff(username: "bea", StaffChange(active: false))])
        guard case .admin? = done.overlay else { Issue.record("back to the list"); return }
        var bea = Self.team[1]
        bea.active = false
        let (after, fx3) = Fixture.send(done, .staffChanged(bea))
        #expect(fx3 == [.loadAdmin(.staff, 1, filter: "")] && after.message?.text.contains("disabled") == true)
    }

    @Test("o offers the next role up to the manager's own; N renames")
    func roleAndRename() throws {
        var s = Self.command(Self.manager(), "staff").0
        s = Fixture.send(s, .adminLoaded(.staff, .staff(Self.team, venues: [:]))).0
        s = Fixture.press(s, .down).0  // bea, a host
        let asked = Fixture.keys(s, "o").0
        guard case .confirm(let q, _)? = asked.overlay else { Issue.record("no question"); return }
        #expect(q.question.contains("Make bea (Bea Soler) a manager"))
        let renaming = Fixture.keys(s, "N").0
        guard case .prompt(let p)? = renaming.overlay else { Issue.record("no prompt"); return }
        #expect(p.kind == .renameStaff("bea"))
    }

    @Test(":guests searches the book as typed; Enter opens the guest in the pane")
    func guests() {
        var (s, _) = Self.command(Fixture.state(width: 160, height: 48), "guests")
        s = Fixture.send(s, .adminLoaded(.guests, .guests([Fixture.ana, Fixture.muller]))).0
        let typed = Fixture.keys(s, "/ga")
        #expect(typed.1 == [.loadAdmin(.guests, 1, filter: "g"), .loadAdmin(.guests, 1, filter: "ga")])
        let answered = Fixture.send(typed.0, .adminLoaded(.guests, .guests([Fixture.ana]), filter: "ga")).0
        let opened = Fixture.press(Fixture.press(answered, .enter).0, .enter)
        #expect(opened.0.overlay == nil && opened.0.focus == .customer && opened.0.customer?.customer.id == Fixture.ana.id)
    }

    @Test(":guests X asks a manager before erasing, naming what goes; a host is refused; the list is read again after")
    func erase() {
        var s = Self.command(Self.manager(), "guests").0
        s = Fixture.send(s, .adminLoaded(.guests, .guests([Fixture.ana, Fixture.muller]))).0
        let asked = Fixture.keys(s, "X").0
        guard case .confirm(let q, _)? = asked.overlay else { Issue.record("no question"); return }
        #expect(q.question.contains("Erase García López, Ana's personal data") && q.question.contains("bookings stay for the counts"))
        let (back, fx) = Fixture.keys(asked, "y")
        #expect(fx == [.eraseGuest(1, Fixture.ana.id)])
        let (done, fx2) = Fixture.send(back, .guestErased(Fixture.ana.id, cancelled: 1))
        #expect(done.message?.text.contains("1 booking was cancelled and mailed first") == true)
        #expect(fx2.contains(.loadAdmin(.guests, 1, filter: "")))
        var host = Self.command(Fixture.state(width: 160, height: 48), "guests").0
        host = Fixture.send(host, .adminLoaded(.guests, .guests([Fixture.ana]))).0
        let refused = Fixture.keys(host, "X").0
        #expect(refused.message?.text == "A host cannot erase a guest. Ask a manager.")
    }

    @Test(":audit shows the newest rows, the selected one whole at the bottom, at 80x22 too")
    func audit() {
        let record = AuditRecord(id: 3, at: Fixture.at(20, 2), restaurantID: 1, actor: "Marta Vidal", action: "guest_edit", entity: "customer",
                                 entityID: "100", changes: ["allergies: \"\" → \"shellfish, tree nuts and a very long list of other things\""],
                                 osAccount: "podium", dbRole: "reservaflow_app", cursor: AuditCursor(at: "x", id: 3))
        for (w, h) in [(160, 48), (80, 22)] {
            var s = Self.command(Self.manager(w, h), "audit").0
            s = Fixture.send(s, .adminLoaded(.audit, .audit([record], clock: ZonedClockKey("Europe/Madrid")))).0
            let text = Self.screen(s)
            #expect(text.contains("guest_edit") && text.contains("Marta Vidal") && text.contains("very long list"), "\(w)x\(h):\n\(text)")
            #expect(Fixture.press(s, .esc).0.overlay == nil)
        }
    }
}

/// A host types a search on `:guests` and presses Enter before the core's answer arrives: the answer to an
/// older search is dropped, and the first guest of the right one opens when it comes.
@Suite struct AdminSearchRaceTests {
    @Test func enterBeforeTheAnswerOpensTheFirstGuestOfTheRightSearch() {
        var s = AdminScreenTests.command(Fixture.state(width: 160, height: 48), "guests").0
        s = Fixture.send(s, .adminLoaded(.guests, .guests([Fixture.muller, Fixture.wang]))).0
        s = Fixture.keys(s, "/wa").0
        s = Fixture.press(s, .enter, .enter).0  // end the filter, open: the answer to "wa" is not in yet
        #expect(s.overlay != nil && s.customer?.customer.id != Fixture.wang.id)
        s = Fixture.send(s, .adminLoaded(.guests, .guests([Fixture.muller]), filter: "w")).0  // the older search's answer
        #expect(s.overlay != nil && s.customer?.customer.id != Fixture.muller.id, "an answer to what was typed before opens nothing")
        let (opened, fx) = Fixture.send(s, .adminLoaded(.guests, .guests([Fixture.wang]), filter: "wa"))
        #expect(opened.overlay == nil && opened.customer?.customer.id == Fixture.wang.id && opened.focus == .customer)
        #expect(fx.contains(.loadCustomerHistory(Fixture.wang.id)))
    }
}
