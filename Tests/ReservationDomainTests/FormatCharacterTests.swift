import Foundation
import Testing
@testable import ReservationDomain

/// Issue 19: invisible format characters (Unicode's Cf category) are stripped where text enters the model,
/// as control characters and bidi overrides are: "A\u{200B}na" is "Ana", on the screen and in a search.
@Suite("TextSanitizer: format characters")
struct FormatCharacterTests {
    @Test("every Cf character but the two joiners is removed", arguments: [
        ("A\u{200B}na", "Ana"),                    // zero width space
        ("A\u{2060}na", "Ana"),                    // word joiner
        ("A\u{2061}n\u{2062}a\u{2063}\u{2064}", "Ana"),  // invisible math operators
        ("Ro\u{00AD}sa", "Rosa"),                  // soft hyphen
        ("Ana\u{180E}", "Ana"),                    // Mongolian vowel separator
        ("\u{206A}A\u{206B}n\u{206C}a\u{206D}\u{206E}\u{206F}", "Ana"),  // deprecated format controls
        ("Ana\u{E0001}\u{E0041}\u{E0042}\u{E007F}", "Ana"),  // tag characters (hidden "AB")
        ("\u{0600}12", "12"),                      // Arabic number sign
        ("A\u{1D173}na", "Ana"),                   // musical symbol begin beam
        ("A\u{FFF9}n\u{FFFA}a\u{FFFB}", "Ana"),    // interlinear annotation
        ("Ana\u{13430}", "Ana"),                   // Egyptian hieroglyph format control
        ("A\u{1BCA0}na", "Ana"),                   // shorthand format control
    ])
    func removes(input: String, expected: String) {
        #expect(TextSanitizer.clean(input) == expected, "\(input.unicodeScalars.map { String($0.value, radix: 16) })")
        #expect(TextSanitizer.isClean(expected))
    }

    @Test func jsonAnswersEscapeThemAsValidJSON() throws {
        // A row written before this rule keeps its tag characters: `--json` spells them as surrogate pairs.
        let json = JSONText.escapeControls("{\"name\":\"Ana\u{E0041}\u{200B}\"}")
        #expect(json == #"{"name":"Ana\udb40\udc41\u200b"}"#)
        let back = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String]
        #expect(back?["name"] == "Ana\u{E0041}\u{200B}")
    }

    @Test func noFormatCharacterSurvivesButTheJoiners() {
        var survivors: [String] = []
        for v in UInt32(0)...0x10FFFF {
            guard let s = Unicode.Scalar(v), s.properties.generalCategory == .format else { continue }
            if !TextSanitizer.clean("a\(s)b").unicodeScalars.elementsEqual("ab".unicodeScalars) { survivors.append(String(v, radix: 16)) }
        }
        // ZWNJ and ZWJ shape Persian and Indic words and join emoji sequences: they stay (TextSanitizerTests).
        #expect(survivors == ["200c", "200d"], "\(survivors)")
    }
}
