import Foundation
import Testing
@testable import ReservationDomain

@Suite("TextSanitizer")
struct TextSanitizerTests {
    @Test("escape sequences and controls are removed", arguments: [
        ("\u{1B}[31mRed\u{1B}[0m", "Red"),                              // CSI SGR
        ("A\u{1B}[2J\u{1B}[HB", "AB"),                                 // clear screen, cursor home
        ("A\u{1B}[?1049hB", "AB"),                                     // private-mode CSI
        ("\u{1B}]0;pwned\u{07}Ana", "Ana"),                            // OSC title, BEL-terminated
        ("\u{1B}]8;;http://evil\u{1B}\\link\u{1B}]8;;\u{1B}\\", "link"), // OSC 8 hyperlink, ST-terminated
        ("\u{9D}0;title\u{9C}Ana", "Ana"),                             // C1 OSC ... C1 ST
        ("\u{9B}31mAna", "Ana"),                                       // C1 CSI
        ("\u{1B}PqDCS payload\u{1B}\\Ana", "Ana"),                     // DCS
        ("\u{1B}(BAna", "Ana"),                                        // charset designation (intermediate + final)
        ("\u{1B}7Ana\u{1B}8", "Ana"),                                  // two-byte escapes
        ("A\u{0}B\u{7}C\u{8}D\u{7F}E", "ABCDE"),                       // C0 and DEL
        ("A\u{85}B\u{90}C", "ABC"),                                    // C1
        ("\u{202E}evil\u{202C}", "evil"),                              // bidi override and pop
        ("a\u{2066}b\u{2067}c\u{2068}d\u{2069}e", "abcde"),            // isolates
        ("a\u{200E}b\u{200F}c\u{061C}d", "abcd"),                      // zero-width directional marks
        ("a\u{FEFF}b\u{2028}c\u{2029}d", "abcd"),                      // BOM, line/paragraph separators
        ("Unterminated \u{1B}]0;title", "Unterminated"),               // an open OSC eats to the end
    ])
    func removes(input: String, expected: String) {
        #expect(TextSanitizer.clean(input) == expected)
        #expect(TextSanitizer.isClean(expected))
    }

    @Test("tabs, line breaks and runs of spaces become single spaces; ends are trimmed")
    func whitespace() {
        #expect(TextSanitizer.clean("  Mesa\tjunto\r\na la\u{A0}ventana \n") == "Mesa junto a la ventana")
        #expect(TextSanitizer.clean("\t\n ") == "")
        #expect(TextSanitizer.clean("a \u{1B}[1m b") == "a b")
        #expect(!TextSanitizer.isClean("a\tb"))
    }

    @Test("ordinary text is kept: accents, CJK, emoji, ZWJ sequences, flags, combining marks")
    func keeps() {
        for text in ["José Ñúñez", "王小明", "山田 太郎", "👨‍👩‍👧‍👦 family", "🏳️‍🌈", "🇪🇸", "e\u{301}", "Ελένη", "محمد", "% & ' \" < > ; |"] {
            #expect(TextSanitizer.clean(text) == text, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            #expect(TextSanitizer.isClean(text))
        }
        // ZWJ (U+200D) and ZWNJ (U+200C) are joiners, not marks: they are kept.
        #expect(TextSanitizer.clean("a\u{200D}b\u{200C}c") == "a\u{200D}b\u{200C}c")
    }
}

@Suite("Field rules")
struct FieldsTests {
    @Test func limits() throws {
        #expect(try Fields.name("  \u{1B}[1mAna  ") == "Ana")
        #expect(throws: ReservationError.invalid(field: "name", message: "Enter a name.")) { try Fields.name("\u{1B}[1m \t") }
        #expect(throws: ReservationError.self) { try Fields.name(String(repeating: "a", count: 101)) }
        #expect(try Fields.name(String(repeating: "王", count: 100)).count == 100)
        #expect(try Fields.notes(nil) == "")
        #expect(throws: ReservationError.invalid(field: "notes", message: "Too long: 501 characters, at most 500.")) {
            try Fields.notes(String(repeating: "x", count: 501))
        }
        var rules = BookingRules()
        rules.minParty = 2
        rules.maxParty = 8
        #expect(try Fields.partySize(2, rules: rules) == 2)
        #expect(throws: ReservationError.self) { try Fields.partySize(1, rules: rules) }
        #expect(throws: ReservationError.self) { try Fields.partySize(9, rules: rules) }
    }
}

@Suite("Echoed input")
struct ExcerptTests {
    @Test func capsAndCleans() {
        #expect(TextSanitizer.excerpt("24/13") == "24/13")
        #expect(TextSanitizer.excerpt("\u{1B}[31mred\u{1B}[0m") == "red")
        let long = TextSanitizer.excerpt(String(repeating: "é", count: 1_000_000))
        #expect(long.count == 60)
        #expect(long.hasSuffix("…"))
        #expect(TextSanitizer.excerpt(String(repeating: "a", count: 60)) == String(repeating: "a", count: 60))
        #expect(TextSanitizer.excerpt(String(repeating: "a", count: 61)) == String(repeating: "a", count: 59) + "…")
        // A flood of escape sequences in front of the text is not a way around the cap.
        #expect(TextSanitizer.excerpt(String(repeating: "\u{1B}[0m", count: 100_000) + "tail").count <= 60)
    }
}


@Suite("Field limits count characters and code points")
struct FieldCodePointTests {
    @Test func bothCounts() throws {
        // One grapheme, 5,001 code points: the database would count 5,001.
        let zalgo = "A" + String(repeating: "\u{301}", count: 5_000)
        #expect(throws: ReservationError.self) { try Fields.name(zalgo) }
        do {
            _ = try Fields.name(zalgo)
        } catch {
            guard case .invalid(let field, let message) = error else { Issue.record("\(error)"); return }
            #expect(field == "name")
            #expect(message.contains("at most 100 characters"))
        }
        // Flags and ZWJ emoji are several code points each: 100 of them are too many for a 100 limit.
        #expect(throws: ReservationError.self) { try Fields.name(String(repeating: "🇪🇸", count: 51)) }
        #expect(try Fields.name(String(repeating: "🇪🇸", count: 50)).unicodeScalars.count == 100)
        #expect(try Fields.text(String(repeating: "e\u{301}", count: 10), field: "x", max: 20).count == 10)
        #expect(throws: ReservationError.self) { try Fields.text(String(repeating: "e\u{301}", count: 11), field: "x", max: 20) }
    }
}
