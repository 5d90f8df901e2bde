/// Reads a phone number as a host types it and gives it back in E.164 (+34600123456).
public enum PhoneNumber {
    /// - Parameter countryCode: the venue's calling code, used when the number has no international prefix.
    public static func normalize(_ raw: String, countryCode: String) -> Result<String, ReservationError> {
        let text = TextSanitizer.clean(raw)
        guard !text.isEmpty else { return .failure(.invalid(field: "phone", message: "Enter a phone number.")) }
        var digits = ""
        var international = false
        for (i, ch) in text.enumerated() {
            switch ch {
            case "0"..."9": digits.append(ch)
            case "+" where i == 0: international = true
            case " ", "-", ".", "(", ")", "/": continue
            default:
                return .failure(.invalid(field: "phone",
                    message: "\"\(TextSanitizer.excerpt(text))\" is not a phone number: use digits, spaces and an optional leading +."))
            }
        }
        if !international, digits.hasPrefix("00") {
            international = true
            digits.removeFirst(2)
        }
        if !international {
            // National format: drop one trunk prefix 0 (UK 07..., FR 06..., DE 0151...).
            if digits.hasPrefix("0") { digits.removeFirst() }
            // North American numbers are often typed with their leading 1.
            if countryCode == "1", digits.count == 11, digits.hasPrefix("1") { digits.removeFirst() }
            guard digits.count >= 6 else {
                return .failure(.invalid(field: "phone", message: "\(TextSanitizer.excerpt(text)) is too short for a phone number."))
            }
            digits = countryCode + digits
        }
        guard (8...15).contains(digits.count), !digits.hasPrefix("0") else {
            return .failure(.invalid(field: "phone",
                message: "\(TextSanitizer.excerpt(text)) is not a valid phone number (8 to 15 digits with the country code)."))
        }
        return .success("+" + digits)
    }
}
