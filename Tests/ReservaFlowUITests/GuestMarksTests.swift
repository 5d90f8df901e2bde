import Foundation
import Testing
@testable import ReservationDomain
@testable import ReservaFlowUI

/// Allergies and VIP on the floor tile and the timeline block (issue 8): seen without selecting the booking.
@Suite struct GuestMarksTests {
    func find(_ text: String, in b: ScreenBuffer) -> (x: Int, y: Int)? {
        for (y, line) in b.lines().enumerated() {
            if let r = line.range(of: text) { return (DisplayWidth.of(String(line[..<r.lowerBound])), y) }
        }
        return nil
    }

    @Test func allergyComesBeforeVIPAndVIPIsDroppedFirst() {
        let g = Glyphs.unicode
        let both = GuestMark.of(Fixture.ana, glyphs: g)
        #expect(both.map(\.glyph) == ["⚠", "★"])
        #expect(both.map(\.role) == [.allergyWarning, .vip])
        #expect(GuestMark.of(Fixture.muller, glyphs: g).isEmpty)
        // "● 1:05" is 6 cells: with a space, both marks need 9, the allergy alone 8.
        #expect(GuestMark.fitting(both, after: "● 1:05", keep: 6, width: 9).count == 2)
        #expect(GuestMark.fitting(both, after: "● 1:05", keep: 6, width: 8).map(\.glyph) == ["⚠"])
        #expect(GuestMark.fitting(both, after: "● 1:05", keep: 6, width: 7).isEmpty)
        // A long name gives up cells beyond `keep`, never those.
        #expect(GuestMark.fitting(both, after: "●García López, Ana", keep: 5, width: 8).count == 2)
        #expect(GuestMark.fitting(both, after: "●García López, Ana", keep: 5, width: 6).isEmpty)
    }

    @Test func marksOnTheTileAt80x24InTheirRoles() throws {
        let b = render(Fixture.state(), size: Size(width: 80, height: 24))
        let tile = try #require(find("▶● 1:05 ⚠★│", in: b))
        let allergy = tile.x + "▶● 1:05 ".count
        #expect(b[allergy, tile.y].style.role == .allergyWarning)
        #expect(b[allergy + 1, tile.y].style.role == .vip)
        // Guests with neither carry no marks.
        #expect(find("│▲ +2:05  │", in: b) != nil)
        #expect(b.lines()[20].contains("⚠ allergy  ★ VIP"))
    }

    @Test func marksOnTheTimelineBlockKeepTheName() throws {
        let s = Fixture.send(Fixture.state(), .key(.tab)).0
        let b = render(s, size: s.size)
        // 12 cells: the party size goes, then the name's tail; the first cells of the name stay (the block is
        // selected, so it starts with ▶).
        let block = try #require(find("▶●García  ⚠★", in: b))
        #expect(b[block.x + 10, block.y].style.role == .allergyWarning)
        #expect(b[block.x + 11, block.y].style.role == .vip)
        #expect(find("▲Müller 4", in: b) != nil)
        // Her lunch booking, once the view goes back to lunch (it opens on the service under way).
        let lunch = Fixture.send(s, .key(.home)).0
        #expect(find("✔García L ⚠★", in: render(lunch, size: lunch.size)) != nil)
    }

    @Test func aWiderBlockAt160x48KeepsMoreOfTheName() {
        let s = Fixture.send(Fixture.state(width: 160, height: 48), .key(.tab)).0
        let lines = render(s, size: s.size).lines()
        #expect(lines.contains { $0.contains("▶●García López, ⚠★") })
        #expect(lines.contains { $0.contains("▶● 1:05     ⚠★│") })
    }

    @Test func asciiMarksAreLettersNotStatusGlyphs() {
        let b = render(Fixture.state(ascii: true), size: Size(width: 80, height: 24))
        let lines = b.lines()
        #expect(lines.contains { $0.contains(">* 1:05 AV|") })
        #expect(lines[20].contains("A allergy  V VIP"))
    }
}
