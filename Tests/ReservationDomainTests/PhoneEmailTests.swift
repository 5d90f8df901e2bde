import Foundation
import Testing
@testable import ReservationDomain

@Suite("PhoneNumber")
struct PhoneNumberTests {
    @Test("numbers as hosts type them become E.164", arguments: [
        ("600 12 34 56", "34", "+34600123456"),
        ("600123456", "34", "+34600123456"),
        ("(+34) 600-12-34-56", "34", nil),
        ("+34 600 12 34 56", "34", "+34600123456"),
        ("+44 7700 900123", "34", "+447700900123"),
        ("0044 7700 900123", "34", "+447700900123"),
        ("07700 900123", "44", "+447700900123"),
        ("1-212-555-0100", "1", "+12125550100"),
        ("(212) 555-0100", "1", "+12125550100"),
        ("212.555.0100", "1", "+12125550100"),
        ("  +33 6 12 34 56 78 ", "34", "+33612345678"),
        ("0151 23456789", "49", "+4915123456789"),
    ] as [(String, String, String?)])
    func normalises(raw: String, countryCode: String, expected: String?) {
        let result = try? PhoneNumber.normalize(raw, countryCode: countryCode).get()
        #expect(result == expected)
    }

    @Test("letters, stray plus signs, too short and too long are refused with the phone field", arguments: [
        "600-CALL-NOW", "6001234S6", "600+123456", "12345", "+1234", "", "   ", "+34 600 12 34 56 78 90 12",
        "600\u{1B}[31m123456x", "00", "+0034600123456", "600 12 34 56 ext 2",
    ])
    func refuses(raw: String) {
        guard case .failure(.invalid(let field, _)) = PhoneNumber.normalize(raw, countryCode: "34") else {
            Issue.record("\(raw) was accepted")
            return
        }
        #expect(field == "phone")
    }
}

@Suite("EmailAddress")
struct EmailAddressTests {
    @Test("valid addresses pass, the domain lower-cased", arguments: [
        ("ana@example.com", "ana@example.com"),
        ("  Ana.Lopez+reservas@Example.ES ", "Ana.Lopez+reservas@example.es"),
        ("o'brien@mail.example.co.uk", "o'brien@mail.example.co.uk"),
        ("josé@correo.es", "josé@correo.es"),
    ])
    func valid(raw: String, expected: String) {
        #expect((try? EmailAddress.validate(raw).get()) == expected)
    }

    @Test("invalid addresses and header injection are refused with the email field", arguments: [
        "ana", "ana@", "@example.com", "ana@example", "ana@@example.com", "ana@example.c", "ana@-example.com",
        "ana@example..com", "ana example@example.com", "ana@example.com\r\nBcc: all@example.com",
        "ana@example.com\nSubject: hi", "ana@example.com\r", "\"ana\"@example.com", "ana<x>@example.com",
        "ana@example.com,bob@example.com", "ana;bob@example.com", "a\u{202E}na@example.com", "a\u{7F}@example.com",
        String(repeating: "a", count: 65) + "@example.com", "ana@" + String(repeating: "a", count: 250) + ".com",
    ])
    func invalid(raw: String) {
        guard case .failure(.invalid(let field, let message)) = EmailAddress.validate(raw) else {
            Issue.record("\(raw.debugDescription) was accepted")
            return
        }
        #expect(field == "email")
        #expect(!message.contains("\r") && !message.contains("\n"))
    }
}
