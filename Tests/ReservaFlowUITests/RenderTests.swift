import Foundation
import Testing
@testable import ReservationDomain
@testable import ReservaFlowUI

@Suite struct RenderTests {
    func find(_ text: String, in b: ScreenBuffer) -> (x: Int, y: Int)? {
        for (y, line) in b.lines().enumerated() {
            if let r = line.range(of: text) { return (DisplayWidth.of(String(line[..<r.lowerBound])), y) }
        }
        return nil
    }

    @Test func statusIsCarriedByRoleAsWellAsGlyph() throws {
        let b = render(Fixture.state(), size: Size(width: 80, height: 24))
        let late = try #require(find("▲ +2:05", in: b))
        #expect(b[late.x, late.y].style.role == .tableLate)
        let held = try #require(find("◆ Ana", in: b))
        #expect(b[held.x, held.y].style.role == .tableHeld)
        let out = try #require(find("✕ out", in: b))
        #expect(b[out.x, out.y].style.role == .tableOut)
        let soon = try #require(find("◔ 21:30", in: b))
        #expect(b[soon.x, soon.y].style.role == .tableSoon)
        let free = try #require(find("○ ·22:00", in: b))
        #expect(b[free.x, free.y].style.role == .tableFree)
        // The selected table's border is drawn in the cursor role, plus a ▶ mark for monochrome.
        let sel = try #require(find("▶● 1:05", in: b))
        #expect(b[sel.x, sel.y].style.role == .cursor)
    }

    @Test func guestPaneOnDemandInOnePaneMode() {
        var s = Fixture.keys(Fixture.state(), "i").0
        #expect(s.focus == .customer)
        let lines = render(s, size: s.size).lines()
        #expect(lines[3].contains("García López, Ana ★ VIP"))
        #expect(lines[4].contains("! ALLERGIES: shellfish, tree nuts"))
        s = Fixture.keys(s, "i").0
        #expect(s.focus == .floor)
    }

    @Test func allergiesAreHighlightedAcrossTheWholeLine() throws {
        let b = render(Fixture.state(width: 160, height: 48), size: Size(width: 160, height: 48))
        let a = try #require(find("! ALLERGIES: shellfish, tree nuts", in: b))
        for x in a.x..<(a.x + 40) { #expect(b[x, a.y].style.role == .allergyWarning) }
    }

    @Test func healthShowsWhatIsDown() {
        var s = Fixture.state()
        s.health = Health(database: true, redis: false, daemonHeartbeat: Fixture.now.addingTimeInterval(-300))
        s.liveUpdates = false
        let header = render(s, size: s.size).lines()[1]
        #expect(header.contains("Redis ✗"))
        #expect(header.contains("daemon not running"))
        #expect(header.contains("live ✗"))
        s.health?.daemonHeartbeat = nil
        #expect(render(s, size: s.size).lines()[1].contains("daemon not running"))
        s.config.readOnly = true
        #expect(render(s, size: s.size).lines()[1].contains("READ-ONLY"))
    }

    @Test func renderIsPureAndReusingTheBufferChangesNothing() {
        let big = Fixture.state(width: 160, height: 48)
        let small = Fixture.state()
        var reused = render(big, size: big.size)
        #expect(reused == render(big, size: big.size))
        render(small, into: &reused, size: small.size)
        #expect(reused == render(small, size: small.size), "a resize redraws cleanly: nothing left over from the bigger frame")
        render(big, into: &reused, size: big.size)
        #expect(reused == render(big, size: big.size))
    }

    @Test func controlCharactersInDataNeverReachTheScreen() {
        // The core cleans text on entry; this checks the UI's own defence if something slipped through.
        var sheet = Fixture.sheet()
        sheet.entries[2].customer.name = "Evil\u{1B}]0;pwned\u{07}\u{9B}31m"
        var s = Fixture.state(width: 160, height: 48)
        s = Fixture.send(s, .dayLoaded(sheet)).0
        s = Fixture.keys(s, "ll").0  // select T3: its guest shows in the guest pane and status line
        let b = render(s, size: s.size)
        #expect(b.lines().joined().contains("Evil?]0;pwned??31m"))
        for c in b.cells {
            #expect(!c.text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        }
    }

    @Test func everyScreenKeepsEveryRowExactlyTheTerminalWidth() {
        var states: [AppState] = [Fixture.state(), Fixture.state(width: 160, height: 48), Fixture.state(width: 97, height: 31)]
        states.append(Fixture.keys(Fixture.state(), "n").0)
        states.append(Fixture.keys(Fixture.state(), "w8").0)
        states.append(Fixture.keys(Fixture.state(), "W").0)
        states.append(Fixture.send(Fixture.state(), .key(.enter)).0)
        states.append(Fixture.keys(Fixture.state(width: 160, height: 48), "llx").0)
        states.append(Fixture.keys(Fixture.state(), "i").0)
        states.append(Fixture.keys(Fixture.state(), "?jjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj").0)
        states.append(Fixture.send(Fixture.keys(Fixture.state(), "ll").0, .key(.enter)).0)
        states.append(Fixture.send(Fixture.keys(Fixture.state(), "/ro").0, .customersFound(fragment: "ro", [Fixture.rossi, Fixture.dupont])).0)
        states.append(Fixture.send(Fixture.keys(Fixture.state(), ":theme ").0, .key(.tab)).0)
        states.append(Fixture.send(Fixture.keys(Fixture.state(), "ll").0, .key(.enter)).0)
        states.append(Fixture.keys(Fixture.send(Fixture.keys(Fixture.state(), "ll").0, .key(.tab)).0, "r").0)
        states.append(Fixture.keys(Fixture.state(), "ge").0)
        states.append(Fixture.keys(Fixture.state(), "]").0)  // loading: no day yet
        states.append(Fixture.state(width: 80, height: 24, ascii: true))
        for s in states {
            let b = render(s, size: s.size)
            for line in b.lines() { #expect(DisplayWidth.of(line) == s.size.width) }
        }
    }
}
