import Foundation

/// CSV as a spreadsheet opens it as it is (RFC 4180): fields quoted when they hold a comma, a quote or a
/// line break, rows ended by CRLF.
///
/// A cell that starts with `=`, `+`, `-` or `@` would be run as a formula by Excel and LibreOffice (a guest
/// named `=HYPERLINK(...)` is an attack on whoever opens the file): such a cell gets a leading apostrophe,
/// which the spreadsheet shows as text. Control characters are removed, as in every other output.
public enum CSV {
    public static func row(_ cells: [String]) -> String { cells.map(field).joined(separator: ",") + "\r\n" }

    public static func field(_ raw: String) -> String {
        var text = TextSanitizer.clean(raw)
        if let first = text.first, "=+-@".contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
