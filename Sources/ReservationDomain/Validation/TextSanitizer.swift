/// Cleans text where it enters the model: names and notes may come from an online form and must never
/// carry terminal escape sequences, control characters, bidi overrides or other invisible format
/// characters (Unicode's Cf category: U+200B, U+2060, tags, ...) to a host's screen or a search.
public enum TextSanitizer {
    /// Removes ESC sequences (CSI, OSC, and two-byte escapes), C0 and C1 controls, bidi controls and the
    /// other format characters but the two joiners (ZWNJ, ZWJ);
    /// turns tabs and line breaks into single spaces; trims.
    public static func clean(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var scalars = Array(text.unicodeScalars)[...]
        var lastWasSpace = false
        while let s = scalars.first {
            scalars = scalars.dropFirst()
            if s == "\u{1B}" {
                scalars = dropEscapeSequence(scalars)
                continue
            }
            if s == "\u{9B}" {  // C1 CSI: same grammar as ESC [
                scalars = dropCSI(scalars)
                continue
            }
            if s == "\u{9D}" {  // C1 OSC
                scalars = dropOSC(scalars)
                continue
            }
            if s == "\t" || s == "\n" || s == "\r" || s == " " || s == "\u{A0}" {
                if !lastWasSpace && !out.isEmpty { out.append(" ") }
                lastWasSpace = true
                continue
            }
            if isForbidden(s) { continue }
            out.append(s)
            lastWasSpace = false
        }
        var result = String(out)
        while result.last == " " { result.removeLast() }
        return result
    }

    /// Input echoed back in a message: cleaned, and cut to `max` characters with an ellipsis, so that a
    /// 1 MB argument is not sent back to the terminal (or a log) in full.
    public static func excerpt(_ text: String, max: Int = 60) -> String {
        // Only the head can be shown: cleaning it alone keeps a huge input cheap.
        let head = clean(String(text.unicodeScalars.prefix(max * 8)))
        let cut = head.count > max || text.unicodeScalars.count > max * 8
        return cut ? String(head.prefix(max - 1)) + "…" : head
    }

    /// True if the text has anything `clean` would remove or change besides trimming.
    public static func isClean(_ text: String) -> Bool { clean(text) == text }

    public static func isForbidden(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00...0x1F, 0x7F...0x9F: return true  // C0, DEL, C1
        case 0x200E, 0x200F, 0x061C: return true  // directional marks
        case 0x202A...0x202E, 0x2066...0x2069: return true  // bidi embeddings, overrides, isolates
        case 0xFEFF, 0xFFF9...0xFFFB: return true  // BOM, interlinear annotation controls
        case 0x2028, 0x2029: return true  // line / paragraph separators
        case 0x200C, 0x200D: return false  // ZWNJ and ZWJ shape Persian and Indic words and join emoji sequences
        case 0x00AD, 0x0600...: return s.properties.generalCategory == .format  // the rest of Cf: invisible format characters
        default: return false
        }
    }

    private static func dropEscapeSequence(_ s: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        guard let next = s.first else { return s }
        switch next {
        case "[": return dropCSI(s.dropFirst())
        case "]", "P", "X", "^", "_": return dropOSC(s.dropFirst())  // OSC, DCS, SOS, PM, APC
        default:
            // ESC followed by intermediates (0x20-0x2F) then one final byte.
            var rest = s
            while let c = rest.first, (0x20...0x2F).contains(c.value) { rest = rest.dropFirst() }
            return rest.isEmpty ? rest : rest.dropFirst()
        }
    }

    private static func dropCSI(_ s: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        var rest = s
        while let c = rest.first {
            rest = rest.dropFirst()
            if (0x40...0x7E).contains(c.value) { break }  // final byte
            if !(0x20...0x3F).contains(c.value) { break }  // malformed: stop eating printable text
        }
        return rest
    }

    private static func dropOSC(_ s: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        var rest = s
        while let c = rest.first {
            rest = rest.dropFirst()
            if c == "\u{07}" || c == "\u{9C}" { break }  // BEL or ST
            if c == "\u{1B}", rest.first == "\\" { return rest.dropFirst() }
        }
        return rest
    }
}
