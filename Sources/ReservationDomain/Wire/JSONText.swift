import Foundation

/// JSON answers for scripts (and the API): pretty, sorted keys, and safe to print. A value that cannot be
/// written as JSON (a NaN) is an error, never a silent `null`.
public enum JSONText {
    public static func encode<T: Encodable>(_ value: T) throws(ReservationError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do { return escapeControls(String(decoding: try encoder.encode(value), as: UTF8.self)) } catch {
            throw .internalError("the answer could not be written as JSON: \(error)")
        }
    }

    /// JSON encoders escape C0 controls (ESC included) but not DEL, C1 controls (a lone U+009B is a CSI to
    /// some terminals), bidi overrides or other format characters: those are escaped here, so a script that
    /// prints a value cannot be steered by it. They only ever occur inside JSON strings, where `\uXXXX`
    /// means the same character.
    public static func escapeControls(_ json: String) -> String {
        var out = String.UnicodeScalarView()
        for s in json.unicodeScalars {
            if s.value >= 0x20, TextSanitizer.isForbidden(s) {
                // Beyond the BMP (tag characters) JSON spells a character as its UTF-16 surrogate pair.
                for unit in String(s).utf16 { out.append(contentsOf: String(format: "\\u%04x", unit).unicodeScalars) }
            } else {
                out.append(s)
            }
        }
        return String(out)
    }
}
