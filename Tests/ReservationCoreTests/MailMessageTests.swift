import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain
@testable import ReservationNative

@Suite("MailMessage")
struct MailMessageTests {
    func message(subject: String = "Hi", to: String = "ana@example.com", body: String = "x") -> MailMessage {
        MailMessage(from: "reservas@casa.example", to: to, subject: subject, body: body, messageID: "<id@casa>",
                    date: Date(timeIntervalSince1970: 1_778_860_000))
    }

    @Test("a line break in any header is refused, CRLF included", arguments: ["Hi\r\nBcc: x@evil.example", "Hi\nBcc: x", "Hi\rBcc: x", "\r\n"])
    func injection(subject: String) {
        #expect(throws: SMTPError.self) { try message(subject: subject).rendered() }
        #expect(throws: SMTPError.self) { try message(to: "ana@example.com" + subject).rendered() }
    }

    @Test("headers, encoded subject and CRLF body; leading dots are left for libcurl to escape")
    func rendering() throws {
        let text = try message(subject: "Su mesa está confirmada", body: "Hola\n.punto\r\nFin").rendered()
        #expect(text.hasPrefix("From: reservas@casa.example\r\nTo: ana@example.com\r\nSubject: =?UTF-8?B?"
                               + Data("Su mesa está confirmada".utf8).base64EncodedString() + "?=\r\nMessage-ID: <id@casa>\r\n"))
        #expect(text.hasSuffix("\r\n\r\nHola\r\n.punto\r\nFin\r\n"))
        #expect(try message(subject: "Plain").rendered().contains("\r\nSubject: Plain\r\n"))
    }
}
