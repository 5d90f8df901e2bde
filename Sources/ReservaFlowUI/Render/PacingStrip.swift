import Foundation
import ReservationDomain

/// The booking form's pacing: the chosen slot's covers against the venue's limit (on the time row) and a
/// strip of the slots around it (`19:00 8 · 19:15 12 · 19:30 22! · 19:45 4`), from the covers the form
/// asked for (`Effect.loadPacing`) and the party's bookable starts (the availability answer).
enum PacingStrip {
    struct Entry: Equatable {
        var label: String
        var covers: Int
        var chosen: Bool
        /// Whether the typed party fits there within the limit.
        var fits: Bool
    }

    struct Chosen: Equatable {
        var covers: Int
        var limit: Int
        var party: Int
        var fits: Bool
    }

    /// The instant the form's date and time name, with the form's pacing and party, when all are known.
    private static func context(_ f: BookingForm, _ typed: ParsedForm, state s: AppState) -> (Date, Pacing, Int, Int)? {
        guard let pacing = f.pacing, let limit = pacing.limit, let d = typed.date, d == f.pacingDate,
              let t = typed.time, let start = s.clock.resolve(d, t).instant, let party = typed.party else { return nil }
        return (start, pacing, limit, party)
    }

    static func chosen(_ f: BookingForm, _ typed: ParsedForm, state s: AppState) -> Chosen? {
        guard let (start, pacing, limit, party) = context(f, typed, state: s) else { return nil }
        return Chosen(covers: pacing.covers(at: start), limit: limit, party: party, fits: pacing.fits(party: party, at: start))
    }

    /// Up to two bookable slots either side of the chosen one (the chosen one included even between slots).
    static func entries(_ f: BookingForm, _ typed: ParsedForm, state s: AppState) -> [Entry] {
        guard let (start, pacing, _, party) = context(f, typed, state: s), let a = f.availability else { return [] }
        let target = Pacing.slot(of: start)
        var starts = Array(Set(a.slots.map { Pacing.slot(of: $0.start) } + [target])).sorted()
        guard let i = starts.firstIndex(of: target) else { return [] }
        starts = Array(starts[max(0, i - 2)...min(starts.count - 1, i + 2)])
        return starts.map { Entry(label: s.clock.hhmm($0), covers: pacing.covers(at: $0), chosen: $0 == target, fits: pacing.fits(party: party, at: $0)) }
    }

    static func draw(_ entries: [Entry], x: Int, y: Int, width: Int, into b: inout ScreenBuffer, glyphs g: Glyphs) {
        var cx = x
        for (i, e) in entries.enumerated() {
            let text = (i > 0 ? " \(g.bullet) " : "") + "\(e.label) \(e.covers)" + (e.fits ? "" : "!")
            guard cx + text.displayWidth <= x + width else { break }
            let role: Role = e.chosen ? .selection : e.fits ? .muted : .warning
            if i > 0 { cx += b.write(" \(g.bullet) ", x: cx, y: y, style: Style(.muted)) }
            cx += b.write("\(e.label) \(e.covers)" + (e.fits ? "" : "!"), x: cx, y: y, style: Style(role, e.chosen ? .bold : []))
        }
    }
}
