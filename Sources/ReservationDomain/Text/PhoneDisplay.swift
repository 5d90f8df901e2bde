/// A stored phone (E.164) as a host reads it aloud: the venue's own numbers without the country code, in
/// groups of three ("611 222 333"), a foreign one with its `+` and code first ("+44 770 090 0123").
/// Only for showing: what is stored and searched stays E.164.
public enum PhoneDisplay {
    public static func format(_ e164: String, countryCode: String) -> String {
        guard e164.hasPrefix("+"), e164.dropFirst().allSatisfy(\.isASCII), e164.dropFirst().allSatisfy(\.isNumber) else { return e164 }
        let digits = String(e164.dropFirst())
        if !countryCode.isEmpty, digits.hasPrefix(countryCode), digits.count > countryCode.count + 4 {
            return grouped(String(digits.dropFirst(countryCode.count)))
        }
        let code = callingCodeLength(digits)
        return "+" + digits.prefix(code) + " " + grouped(String(digits.dropFirst(code)))
    }

    /// ITU calling codes are prefix-free: 1 and 7 alone, these two-digit ones, and three digits otherwise.
    static func callingCodeLength(_ digits: String) -> Int {
        if digits.hasPrefix("1") || digits.hasPrefix("7") { return 1 }
        let twoDigit: Set<Substring> = ["20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
                                        "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
                                        "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98"]
        return twoDigit.contains(digits.prefix(2)) ? 2 : 3
    }

    /// Groups of three, the last one of four rather than a lone digit ("612 345 6789").
    static func grouped(_ s: String) -> String {
        var groups: [Substring] = []
        var rest = Substring(s)
        while rest.count > 4 {
            groups.append(rest.prefix(3))
            rest = rest.dropFirst(3)
        }
        if !rest.isEmpty { groups.append(rest) }
        return groups.joined(separator: " ")
    }
}
