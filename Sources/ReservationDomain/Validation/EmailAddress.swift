/// A pragmatic e-mail check: one @, a dotted domain, no spaces or header-breaking characters.
public enum EmailAddress {
    public static func validate(_ raw: String) -> Result<String, ReservationError> {
        let text = raw.trimmingCharacters(in: .whitespaces)
        let fail = Result<String, ReservationError>.failure(
            .invalid(field: "email", message: "\"\(TextSanitizer.excerpt(text))\" is not an e-mail address (like ana@example.com)."))
        guard text.count <= 254, !text.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F || TextSanitizer.isForbidden($0) })
        else { return fail }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return fail }
        let forbidden: Set<Character> = ["<", ">", "(", ")", "[", "]", ",", ";", ":", "\\", "\""]
        guard !parts[0].contains(where: forbidden.contains), !parts[1].contains(where: forbidden.contains) else { return fail }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }),
              (labels.last?.count ?? 0) >= 2 else { return fail }
        return .success(String(parts[0]) + "@" + parts[1].lowercased())
    }
}

import Foundation
