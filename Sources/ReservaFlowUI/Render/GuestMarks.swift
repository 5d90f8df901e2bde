import ReservationDomain

/// The guest's allergy and VIP marks on a floor tile and a timeline block, so a host sees them without
/// selecting the booking. Allergies come first: when room runs out VIP is dropped before them.
struct GuestMark: Sendable, Hashable {
    var glyph: String
    var role: Role

    static func of(_ c: Customer, glyphs g: Glyphs) -> [GuestMark] {
        var marks: [GuestMark] = []
        if !c.allergyText.isEmpty { marks.append(GuestMark(glyph: g.allergy, role: .allergyWarning)) }
        if c.isVIP { marks.append(GuestMark(glyph: g.vip, role: .vip)) }
        return marks
    }

    static func cells(_ marks: [GuestMark]) -> Int { marks.reduce(0) { $0 + $1.glyph.displayWidth } }

    /// The marks that fit in `width` cells after `text`, keeping at least `keep` cells of the text (or all of
    /// a shorter one): a name cut to nothing to make room for a mark would lose the booking itself.
    static func fitting(_ marks: [GuestMark], after text: String, keep: Int, width: Int) -> [GuestMark] {
        var kept = marks
        let textCells = min(text.displayWidth, keep)
        while !kept.isEmpty && textCells + 1 + cells(kept) > width { kept.removeLast() }
        return kept
    }

    /// Writes `marks` right-aligned in the row ending at `maxX`.
    static func draw(_ marks: [GuestMark], endingAt maxX: Int, y: Int, into b: inout ScreenBuffer) {
        var x = maxX - cells(marks)
        for m in marks { x += b.write(m.glyph, x: x, y: y, style: Style(m.role, .bold)) }
    }
}
