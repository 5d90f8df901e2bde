import Foundation
import Testing
import ReservationDomain
@testable import ReservaFlowUI

/// Issue 21: `:floor` lists the venue's combinations after its tables; `c` joins tables from a table's row,
/// Enter changes a combination's covers, `x` removes one after asking.
@Suite struct FloorCombinationScreenTests {
    static let tables = FloorScreenTests.tables
    static let combos = [TableCombination(id: 5, tableIDs: [11, 13], labels: ["T1", "T2"], minCovers: 1, maxCovers: 6)]

    static func opened(_ width: Int = 160, _ height: Int = 48, tables: [DiningTable] = tables) -> AppState {
        let (s, _) = AdminScreenTests.command(AdminScreenTests.manager(width, height), "floor")
        return Fixture.send(s, .adminLoaded(.floor, .floor(tables, areas: FloorScreenTests.areas, closures: [], combinations: combos))).0
    }

    static func on(_ id: String, _ s: AppState = opened()) -> AppState { VenueScreenTests.select(s, id) }

    static func prompt(_ s: AppState) -> PromptForm? {
        guard case .prompt(let p)? = s.overlay else { return nil }
        return p
    }

    @Test("the combinations follow the tables, with area, covers and how many tables")
    func listing() {
        guard case .admin(let a)? = Self.opened().overlay else { Issue.record("no screen"); return }
        #expect(a.visible.map(\.id) == ["t:T1", "t:T2", "t:P1", "c:T1+T2"])
        #expect(a.visible.last?.cells == ["T1+T2", "Sala", "1-6", "joined", "2 tables", "in service"])
        for (w, h) in [(160, 48), (80, 22)] {
            let text = AdminScreenTests.screen(Self.on("c:T1+T2", Self.opened(w, h)))
            #expect(text.contains("T1+T2") && text.contains("1-6") && text.contains("joined"), "\(w)x\(h)\n\(text)")
        }
    }

    @Test("c on a table prompts from its label; the typed combination is sent as a table edit; what cannot be read stays in the prompt")
    func combine() throws {
        let asked = Fixture.keys(Self.opened(), "c").0
        let p = try #require(Self.prompt(asked))
        #expect(p.field.text == "T1+" && p.title == "New combination")
        let sent = Fixture.press(Fixture.keys(asked, "T2 2-6").0, .enter)
        #expect(sent.1 == [.changeVenue(1, [.table(.combine(labels: ["T1", "T2"], min: 2, max: 6))], strandingBookings: false)])
        let bad = Fixture.press(Fixture.keys(Fixture.keys(Self.opened(), "c").0, " 4").0, .enter)
        #expect(bad.1.isEmpty && Self.prompt(bad.0)?.error == "Type the tables joined by +, like T4+T5.", "\(String(describing: Self.prompt(bad.0)?.error))")
        // The core's refusal (the floor file's check) is said in the prompt, where it can be fixed.
        let refused = Fixture.send(sent.0, .failed(.invalid(field: "venue", message: "Combination T1+T9: there is no table \"T9\" in this file"))).0
        #expect(Self.prompt(refused)?.error == "Combination T1+T9: there is no table \"T9\" in this file")
    }

    @Test("Enter on a combination changes its covers; narrowing it over a booking asks to save anyway; x removes it, naming it")
    func coversAndRemove() throws {
        let asked = Fixture.press(Self.on("c:T1+T2"), .enter).0
        var p = try #require(Self.prompt(asked))
        #expect(p.field.text == "1-6" && p.title == "Covers at T1+T2")
        p.field.set("2-4")
        var typed = asked
        typed.overlay = .prompt(p)
        let (sent, fx) = Fixture.press(typed, .enter)
        let edit = VenueEdit.table(.combinationCovers(labels: ["T1", "T2"], min: 2, max: 4))
        #expect(fx == [.changeVenue(1, [edit], strandingBookings: false)])
        let strand = Fixture.send(sent, .failed(.invalid(field: "bookings", message: "1 live booking would fall outside the new rules: Garcia ×6 Fri 15 May 21:00."))).0
        guard case .confirm(let q, _)? = strand.overlay else { Issue.record("no question"); return }
        #expect(q.question.contains("Garcia ×6") && q.question.hasSuffix("Save anyway? (y/n)"))
        #expect(Fixture.keys(strand, "y").1 == [.changeVenue(1, [edit], strandingBookings: true)])

        let removing = Fixture.keys(Self.on("c:T1+T2"), "x").0
        guard case .confirm(let r, let under)? = removing.overlay else { Issue.record("no question"); return }
        #expect(r.question.hasPrefix("Remove the combination T1+T2 (1-6 covers)?"), "\(r.question)")
        guard case .admin? = under else { Issue.record("asked over :floor"); return }
        let (back, fx2) = Fixture.keys(removing, "y")
        #expect(fx2 == [.changeVenue(1, [.table(.separate(labels: ["T1", "T2"]))], strandingBookings: false)])
        guard case .admin? = back.overlay else { Issue.record(":floor stays open"); return }
        #expect(Fixture.keys(removing, "n").1.isEmpty)
        // x on a table is nothing of this (tables are taken out of service with o); HJKL on a combination moves nothing.
        #expect(Fixture.keys(Self.opened(), "x").1.isEmpty && Fixture.keys(Self.on("c:T1+T2"), "L").1.isEmpty)
    }

    @Test("the footer names the row's keys: c on a table, Enter and x on a combination; help names them too")
    func hints() {
        let table = KeyBindings.footer(Self.opened()).map(\.0)
        #expect(table.contains("c") && table.contains("HJKL") && !table.contains("x"))
        let combo = KeyBindings.footer(Self.on("c:T1+T2"))
        #expect(combo.contains { $0 == ("x", "remove") } && !combo.contains { $0.0 == "HJKL" })
        let footer = render(Self.opened(80, 22), size: Size(width: 80, height: 22)).lines().last ?? ""
        #expect(footer.contains("c join") && footer.contains("o service"), "every table key fits at 80 columns: \(footer)")
        #expect(KeyBindings.sections.flatMap(\.1).contains { $0.keys == ":floor c x" && $0.action.count <= 59 })
    }
}
