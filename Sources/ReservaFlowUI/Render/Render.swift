import Foundation
import ReservationDomain

/// Draws the whole screen for a state. Pure: the same state and size always give the same cells.
public func render(_ state: AppState, size: Size) -> ScreenBuffer {
    var buffer = ScreenBuffer(width: size.width, height: size.height)
    render(state, into: &buffer, size: size)
    return buffer
}

/// Draws into an existing buffer, reusing its storage (the runner keeps one buffer across frames).
public func render(_ state: AppState, into buffer: inout ScreenBuffer, size: Size) {
    buffer.reset(width: size.width, height: size.height)
    let layout = Layout(size: size, focus: state.focus)
    let g = state.glyphs
    defer { if state.config.ascii { buffer.replaceSymbolsWithASCII() } }
    if layout.mode == .tooSmall {
        TooSmallView.draw(state, size: size, into: &buffer)
        return
    }
    if state.staff == nil {
        LoginView.draw(state, into: &buffer, glyphs: g)
        return
    }
    HeaderView.draw(state, layout: layout, into: &buffer, glyphs: g)
    if let r = layout.floor { FloorPlanView.draw(state, pane: r, into: &buffer, glyphs: g, focused: state.focus == .floor) }
    if let r = layout.timeline { TimelineView.draw(state, pane: r, into: &buffer, glyphs: g, focused: state.focus == .timeline) }
    if let r = layout.customer { CustomerView.draw(state, pane: r, into: &buffer, glyphs: g, focused: state.focus == .customer) }
    if let s = state.search, !s.customers.isEmpty {
        var under = layout.status
        under.y -= FooterView.rowsAboveSearch(state, width: under.width, glyphs: g)
        SearchResultsView.draw(s, state: state, above: under, into: &buffer, glyphs: g)
    }
    if let o = state.overlay { OverlayView.draw(o, state: state, body: layout.body, into: &buffer, glyphs: g) }
    FooterView.draw(state, layout: layout, into: &buffer, glyphs: g)
}

/// Small drawing helpers shared by the views.
enum Draw {
    /// An input field: the text scrolled so the cursor stays visible; places the terminal cursor when focused.
    static func field(_ f: TextField, x: Int, y: Int, width: Int, focused: Bool, mask: Bool = false, into b: inout ScreenBuffer) {
        guard width > 0 else { return }
        b.fill(Rect(x: x, y: y, width: width, height: 1), style: Style(focused ? .inputFocused : .input))
        let shown = mask ? String(repeating: "•", count: f.text.count) : f.text
        var col = mask ? f.cursor : f.cursorColumn
        var text = shown
        // Scroll left by whole characters until the cursor fits.
        while col >= width, !text.isEmpty {
            col -= DisplayWidth.of(text.first!)
            text.removeFirst()
        }
        b.write(text, x: x, y: y, style: Style(focused ? .inputFocused : .input), maxWidth: width)
        if focused { b.cursor = (x + col, y) }
    }

    /// Word-wraps text into lines of at most `width` display cells.
    static func wrap(_ text: String, width: Int, maxLines: Int = .max) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var line = ""
        var lineW = 0
        for word in text.split(separator: " ") {
            var w = String(word)
            var ww = DisplayWidth.of(w)
            if lineW > 0 && lineW + 1 + ww <= width {
                line += " " + w
                lineW += 1 + ww
                continue
            }
            if lineW > 0 {
                lines.append(line)
                line = ""
                lineW = 0
            }
            while ww > width {  // a word longer than the line is cut
                let head = w.clipped(toWidth: width)
                lines.append(head)
                w = String(w.dropFirst(head.count))
                ww = DisplayWidth.of(w)
            }
            line = w
            lineW = ww
        }
        if lineW > 0 { lines.append(line) }
        if lines.count > maxLines {
            lines = Array(lines.prefix(maxLines))
            lines[maxLines - 1] = lines[maxLines - 1].truncated(toWidth: width - 1) + "…"
        }
        return lines
    }

    /// Writes label/value pairs like "Phone  +34 600 123 456".
    static func labelled(_ label: String, _ value: String, x: Int, y: Int, width: Int, labelWidth: Int,
                         valueStyle: Style = .normal, into b: inout ScreenBuffer) {
        b.write(label, x: x, y: y, style: Style(.label), maxWidth: labelWidth)
        b.write(value, x: x + labelWidth, y: y, style: valueStyle, maxWidth: width - labelWidth)
    }

    /// A dialog box over the body, cleared inside.
    static func dialog(_ r: Rect, title: String, into b: inout ScreenBuffer, glyphs: Glyphs) {
        b.fill(r, style: .normal)
        b.box(r, glyphs: glyphs, style: Style(.borderFocused), title: title, titleStyle: Style(.title))
    }

    /// A small form's box, 70 cells wide at most, centred in `body`: `rows` of fields plus room for the
    /// error (wrapped whole onto up to 4 lines), titled "… (working…)" while its request is out. Returns the
    /// box and the error's lines, for the form to draw where its rows end.
    static func formDialog(in body: Rect, rows: Int, title: String, submitting: Bool, error: String?,
                           into b: inout ScreenBuffer, glyphs g: Glyphs) -> (Rect, [String]) {
        let width = min(70, body.width - 2)
        let errorLines = error.map { wrap(g.bad + " " + $0, width: width - 4, maxLines: 4) } ?? []
        let r = body.centered(width: width, height: rows + max(1, errorLines.count))
        dialog(r, title: submitting ? title + " (working…)" : title, into: &b, glyphs: g)
        return (r, errorLines)
    }

    /// "1 visit", "3 visits": a count with its noun ("1 visits" was shown in the guest matches).
    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    static func minutes(_ m: Int) -> String { "\(m / 60):" + (m % 60 < 10 ? "0" : "") + "\(m % 60)" }
}
