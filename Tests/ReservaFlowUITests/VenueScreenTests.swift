import Foundation
import Testing
import ReservationDomain
@testable import ReservaFlowUI

/// Issue 21: `:venue`, a venue's details and rules changed from the podium one value at a time; a value the
/// core refuses is said in the prompt, a change over live bookings asks to save anyway.
@Suite struct VenueScreenTests {
    static let hours = [ServiceHours(weekday: 5, name: "Dinner", opens: TimeOfDay(hour: 20, minute: 0)!, closes: TimeOfDay(hour: 23, minute: 30)!),
                        ServiceHours(weekday: 5, name: "Lunch", opens: TimeOfDay(hour: 13, minute: 0)!, closes: TimeOfDay(hour: 16, minute: 0)!)]
    static let closures = [Closure(startsOn: LocalDate(year: 2026, month: 12, day: 24)!, endsOn: LocalDate(year: 2026, month: 12, day: 25)!, reason: "Christmas")]

    static func opened(_ width: Int = 160, _ height: Int = 48) -> AppState {
        let (s, fx) = AdminScreenTests.command(AdminScreenTests.manager(width, height), "venue")
        #expect(fx == [.loadAdmin(.venue, 1, filter: "")])
        return Fixture.send(s, .adminLoaded(.venue, .venue(Fixture.restaurant, hours: hours, closures: closures))).0
    }

    static func select(_ s: AppState, _ id: String) -> AppState {
        guard case .admin(var a)? = s.overlay, let i = a.visible.firstIndex(where: { $0.id == id }) else { return s }
        a.index = i
        var out = s
        out.overlay = .admin(a)
        return out
    }

    @Test("the rules in the floor file's order, readable at 160x48 and 80x22; a host is told why not")
    func listing() {
        for (w, h) in [(160, 48), (80, 22)] {
            let text = AdminScreenTests.screen(Self.opened(w, h))
            #expect(text.contains(":venue") && text.contains("Hold minutes") && text.contains("15"), "\(text)")
        }
        let text = AdminScreenTests.screen(Self.opened())
        #expect(text.contains("Turn, up to 2 guests") && text.contains("90 min") && text.contains("Turn, 7+ guests"), "\(text)")
        #expect(text.contains("Fri Lunch") && text.contains("13:00-16:00") && text.contains("Christmas"), "\(text)")
        let host = AdminScreenTests.command(Fixture.state(), "venue")
        #expect(host.1.isEmpty && host.0.message?.text == "A host cannot change the floor plan. Ask a manager.")
    }

    @Test("Enter on a value: the prompt starts from it; the typed value is sent and the prompt waits; a refusal is shown in it")
    func changeAValue() {
        var s = Fixture.press(Self.select(Self.opened(), "s:hold_minutes"), .enter).0
        guard case .prompt(let p)? = s.overlay else { Issue.record("no prompt"); return }
        #expect(p.field.text == "15" && p.title == "Hold minutes")
        let (typed, fx) = Fixture.press(Fixture.keys(s, "2000").0, .enter)
        #expect(fx == [.changeVenue(1, [.setting(.holdMinutes, "2000")], strandingBookings: false)])
        s = Fixture.send(typed, .failed(.invalid(field: "venue", message: "Hold minutes: 2000 is out of range: a hold is 1 to 1440"))).0
        guard case .prompt(let refused)? = s.overlay else { Issue.record("the prompt stays"); return }
        #expect(refused.error == "Hold minutes: 2000 is out of range: a hold is 1 to 1440")
        var r = Fixture.restaurant
        r.rules.holdMinutes = 20
        let (done, fx2) = Fixture.send(s, .venueChanged(VenueChange(edits: [.setting(.holdMinutes, "20")], restaurant: r, stranded: [])))
        guard case .admin(let a)? = done.overlay else { Issue.record("back to the list"); return }
        #expect(a.selected?.id == "s:hold_minutes", "where the manager was")
        #expect(done.message?.text == "Saved: Hold minutes: 20.")
        #expect(fx2.contains(.loadAdmin(.venue, 1, filter: "")) && fx2.contains(.loadDay(1, Fixture.date)))
        // Esc gives a prompt up, back to the list.
        let escaped = Fixture.press(Fixture.press(Self.select(Self.opened(), "s:name"), .enter).0, .esc).0
        guard case .admin? = escaped.overlay else { Issue.record("Esc goes back to :venue"); return }
    }

    @Test("a service changed over live bookings: the core names them, y saves anyway; x removes a service after asking")
    func strandedAndRemoved() {
        var s = Fixture.press(Self.select(Self.opened(), "h:5:13:00"), .enter).0
        guard case .prompt(let p)? = s.overlay else { Issue.record("no prompt"); return }
        #expect(p.field.text == "Fri Lunch 13:00-16:00")
        s.overlay = .prompt({ var q = p; q.field.set("Fri Lunch 13:30-16:00"); return q }())
        let (sent, fx) = Fixture.press(s, .enter)
        let edit = VenueEdit.hours(replacing: Self.hours[1], with: ServiceHours(weekday: 5, name: "Lunch", opens: TimeOfDay(hour: 13, minute: 30)!,
                                                                                closes: TimeOfDay(hour: 16, minute: 0)!))
        #expect(fx == [.changeVenue(1, [edit], strandingBookings: false)])
        let asked = Fixture.send(sent, .failed(.invalid(field: "bookings", message: "1 live booking would fall outside the new rules: Garcia ×4 Fri 15 May 13:00."))).0
        guard case .confirm(let q, _)? = asked.overlay else { Issue.record("no question"); return }
        #expect(q.question.hasSuffix("Save anyway? (y/n)") && q.question.contains("Garcia ×4"))
        let (back, fx2) = Fixture.keys(asked, "y")
        #expect(fx2 == [.changeVenue(1, [edit], strandingBookings: true)])
        guard case .admin? = back.overlay else { Issue.record("back to the list"); return }

        let removing = Fixture.keys(Self.select(Self.opened(), "h:5:20:00"), "x").0
        guard case .confirm(let r, _)? = removing.overlay else { Issue.record("no question"); return }
        #expect(r.question.hasPrefix("Remove Fri Dinner 20:00-23:30?"))
        #expect(Fixture.keys(removing, "y").1 == [.changeVenue(1, [.hours(replacing: Self.hours[0], with: nil)], strandingBookings: false)])
        let reopening = Fixture.keys(Self.select(Self.opened(), "c:2026-12-24"), "x").0
        #expect(Fixture.keys(reopening, "y").1 == [.removeClosure(1, table: nil, LocalDate(year: 2026, month: 12, day: 24)!)])
    }

    @Test("a new service for several days and a new turn, as typed; what cannot be read is said in the prompt")
    func adding() {
        let a = Fixture.press(Fixture.keys(Fixture.keys(Self.opened(), "a").0, "sat-sun Brunch 10:00-12:30").0, .enter).1
        guard case .changeVenue(_, let edits, _)? = a.first else { Issue.record("nothing sent"); return }
        #expect(edits.count == 2 && edits.allSatisfy { if case .hours(nil, let h?) = $0 { h.name == "Brunch" } else { false } })
        #expect(Fixture.press(Fixture.keys(Fixture.keys(Self.opened(), "t").0, "8 150").0, .enter).1
                == [.changeVenue(1, [.turnTime(upToParty: 8, minutes: 150)], strandingBookings: false)])
        let bad = Fixture.press(Fixture.keys(Fixture.keys(Self.opened(), "a").0, "someday Brunch").0, .enter)
        guard case .prompt(let p)? = bad.0.overlay else { Issue.record("the prompt stays"); return }
        #expect(bad.1.isEmpty && p.error?.hasPrefix("Type the days, the service and the times") == true, "\(String(describing: p.error))")
    }
}

/// Issue 21: `:floor`, the venue's tables: covers, a new label, a new table, out of service, moved and widened
/// with the keys, each through the core's floor check.
@Suite struct FloorScreenTests {
    static let areas = [Area(id: 1, name: "Sala", sortOrder: 0), Area(id: 2, name: "Terraza", sortOrder: 1)]
    static let tables = [DiningTable(id: 11, areaID: 1, label: "T1", minCovers: 1, maxCovers: 2, x: 0, y: 0),
                         DiningTable(id: 12, areaID: 2, label: "P1", minCovers: 2, maxCovers: 4, x: 10, y: 4, active: false),
                         DiningTable(id: 13, areaID: 1, label: "T2", minCovers: 2, maxCovers: 4, x: 6, y: 0)]

    static let christmas = LocalDate(year: 2026, month: 12, day: 24)!
    static let chairs = TableClosure(tableID: 13, label: "T2", days: Closure(startsOn: christmas, endsOn: christmas.adding(days: 2), reason: "New chairs"))

    static func opened(closures: [TableClosure] = []) -> AppState {
        let (s, fx) = AdminScreenTests.command(AdminScreenTests.manager(), "floor")
        #expect(fx == [.loadAdmin(.floor, 1, filter: "")])
        return Fixture.send(s, .adminLoaded(.floor, .floor(tables, areas: areas, closures: closures))).0
    }

    @Test("tables by area then label, out of service muted; a host is told why not")
    func listing() {
        guard case .admin(let a)? = Self.opened().overlay else { Issue.record("no screen"); return }
        #expect(a.visible.map(\.id) == ["t:T1", "t:T2", "t:P1"])
        let text = AdminScreenTests.screen(Self.opened())
        #expect(text.contains(":floor") && text.contains("Terraza") && text.contains("out of service") && text.contains("at 10,4"), "\(text)")
        let host = AdminScreenTests.command(Fixture.state(), "floor")
        #expect(host.1.isEmpty && host.0.message?.text == "A host cannot change the floor plan. Ask a manager.")
    }

    @Test("Enter covers, N rename, a new table: prompts sent as table edits; HJKL and <> at once; o asks")
    func keys() {
        let covers = Fixture.press(Fixture.press(Self.opened(), .enter).0, .char("3"), .char("-"), .char("4"), .enter)
        #expect(covers.1 == [.changeVenue(1, [.table(.covers(label: "T1", min: 3, max: 4))], strandingBookings: false)])
        let renamed = Fixture.press(Fixture.keys(Fixture.keys(Self.opened(), "N").0, "T10").0, .enter)
        #expect(renamed.1 == [.changeVenue(1, [.table(.rename(label: "T1", to: "T10"))], strandingBookings: false)])
        let added = Fixture.press(Fixture.keys(Fixture.keys(Self.opened(), "a").0, "T9 Terraza 2-4").0, .enter)
        #expect(added.1 == [.changeVenue(1, [.table(.add(label: "T9", area: "Terraza", minCovers: 2, maxCovers: 4))], strandingBookings: false)])
        #expect(Fixture.keys(Self.opened(), "L").1 == [.changeVenue(1, [.table(.move(label: "T1", dx: 1, dy: 0))], strandingBookings: false)])
        #expect(Fixture.keys(Self.opened(), ">").1 == [.changeVenue(1, [.table(.resize(label: "T1", dw: 1, dh: 0))], strandingBookings: false)])
        let asked = Fixture.keys(Self.opened(), "o").0
        guard case .confirm(let q, _)? = asked.overlay else { Issue.record("no question"); return }
        #expect(q.question.hasPrefix("Take T1 out of service now?"))
        let (back, fx) = Fixture.keys(asked, "y")
        #expect(fx == [.setTableService(1, label: "T1", inService: false)])
        guard case .admin? = back.overlay else { Issue.record(":floor stays open"); return }
    }

    @Test("O takes a table out for some days (asks over bookings, then saves anyway); its range is a row x puts back")
    func daysOut() {
        let typed = Fixture.press(Fixture.keys(Fixture.keys(Self.opened(), "jO").0, "24/12 26/12 New chairs").0, .enter)
        #expect(typed.1 == [.addClosure(1, table: "T2", from: Self.christmas, to: Self.christmas.adding(days: 2), reason: "New chairs", strandingBookings: false)])
        guard case .prompt(let waiting)? = typed.0.overlay else { Issue.record("the prompt waits for the core"); return }
        #expect(waiting.error == nil)
        // Over live bookings the core names them: asked, and saved anyway on y, back on :floor.
        let named = Fixture.send(typed.0, .failed(.invalid(field: "closure", message: "1 live booking on T2 on those days: Nora Vidal ×4 Thu 24 Dec 20:00.")))
        guard case .confirm(let q, let under)? = named.0.overlay else { Issue.record("no question"); return }
        #expect(q.question.contains("Nora Vidal") && q.question.hasSuffix("Close anyway? (y/n)"))
        guard case .admin? = under else { Issue.record("the question sits over :floor"); return }
        let anyway = Fixture.keys(named.0, "y")
        #expect(anyway.1 == [.addClosure(1, table: "T2", from: Self.christmas, to: Self.christmas.adding(days: 2), reason: "New chairs", strandingBookings: true)])
        // Typing nothing a date can be read from is said in the prompt.
        let bad = Fixture.press(Fixture.keys(Fixture.keys(Self.opened(), "jO").0, "soon").0, .enter)
        guard case .prompt(let p)? = bad.0.overlay else { Issue.record("the prompt stays"); return }
        #expect(bad.1.isEmpty && p.error?.hasPrefix("Type the first day out") == true)

        let listed = Self.opened(closures: [Self.chairs])
        guard case .admin(let a)? = listed.overlay else { Issue.record("no screen"); return }
        #expect(a.visible.map(\.id) == ["t:T1", "t:T2", "t:P1", "o:T2:2026-12-24"])
        let text = AdminScreenTests.screen(listed)
        #expect(text.contains("out Thu 24 Dec-Sat 26 Dec") && text.contains("New chairs"), "\(text)")
        let asked = Fixture.keys(Fixture.keys(listed, "jjj").0, "x").0
        guard case .confirm(let back, _)? = asked.overlay else { Issue.record("no question"); return }
        #expect(back.question.hasPrefix("Put T2 back in service Thu 24 Dec-Sat 26 Dec?"))
        #expect(Fixture.keys(asked, "y").1 == [.removeClosure(1, table: "T2", Self.christmas)])
    }
}
