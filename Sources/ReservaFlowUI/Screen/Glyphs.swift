/// Every non-ASCII glyph the UI draws, with an ASCII twin for `--ascii` (old terminals, odd fonts,
/// serial consoles). Status glyphs differ in shape so meaning survives monochrome.
public struct Glyphs: Sendable, Hashable {
    public var horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight: String
    public var free, soon, seated, late, held, outOfService: String
    public var pending, confirmed, done: String
    /// Guest marks on tiles and blocks. ASCII letters, not symbols: `*` and `!` already mean seated and late.
    public var allergy, vip: String
    /// A booking part of whose party is at the door, or all of it, not seated yet (`ArrivalState`); the tile
    /// and the late list also say it in words. ASCII `%` and `&`: the other symbols are taken.
    public var partlyArrived, arrived: String
    /// Before the day's shift notes in the header.
    public var note: String
    public var nowMarker, nowLine, selectedMark, ellipsis, bullet, separator: String
    /// Before a free table's next booking time. ASCII `@`: a `-` read "o -20:30" as a minus.
    public var nextAt: String
    public var ok, bad: String
    /// A bar's eighths (`▏`...`█`) and a sparkline's levels (`▁`...`█`), for the reports' charts. ASCII draws
    /// whole cells (`#`) and levels by shape (`_.-=*#`), so a chart still reads on a serial console.
    public var barEighths: [String]
    public var sparkLevels: [String]

    public static let unicode = Glyphs(
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        free: "○", soon: "◔", seated: "●", late: "▲", held: "◆", outOfService: "✕",
        pending: "?", confirmed: "✓", done: "✔",
        allergy: "⚠", vip: "★",
        partlyArrived: "◑", arrived: "◉", note: "✎",
        nowMarker: "▼", nowLine: "┆", selectedMark: "▶", ellipsis: "…", bullet: "·", separator: "│",
        nextAt: "·", ok: "✓", bad: "✗",
        barEighths: ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"], sparkLevels: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"])

    public static let ascii = Glyphs(
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        free: "o", soon: "~", seated: "*", late: "!", held: "#", outOfService: "x",
        pending: "?", confirmed: "v", done: "=",
        allergy: "A", vip: "V",
        partlyArrived: "%", arrived: "&", note: "Note:",
        nowMarker: "v", nowLine: ":", selectedMark: ">", ellipsis: "~", bullet: "-", separator: "|",
        nextAt: "@", ok: "+", bad: "X",
        barEighths: ["", "", "", "#", "#", "#", "#", "#"], sparkLevels: ["_", "_", ".", "-", "=", "*", "#", "#"])
}
