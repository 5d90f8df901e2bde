import Foundation
import Testing

@testable import ReservationCore
@testable import ReservationDomain
@testable import ReservationNative

/// The libcurl SMTP client against a real SMTP server (Support/MailSink: Debian's aiosmtpd, a Maildir).
@Suite("SMTP client", .serialized)
struct SMTPClientTests {
    @Test func deliversMessageWithStableIDAndEncodedSubject() throws {
        let sink = try MailSink()
        let message = MailMessage(from: "reservas@casalucia.example", to: "ana@mail.example",
                                  subject: "Su mesa en Casa Lucía está confirmada",
                                  body: "Hello Ana,\n.leading dot survives\nSee you.", messageID: "<abc.confirmation@demo.reservaflow>")
        try SMTPClient(url: sink.url).send(message)
        let received = sink.messages()
        #expect(received.count == 1)
        let text = try #require(received.first)
        #expect(text.contains("Message-ID: <abc.confirmation@demo.reservaflow>"))
        #expect(text.contains("Subject: =?UTF-8?B?" + Data(message.subject.utf8).base64EncodedString() + "?="))
        #expect(text.contains("To: ana@mail.example"))
        #expect(text.contains("\n.leading dot survives"))
        #expect(!text.contains("\n..leading"))
    }

    @Test func refusesHeaderInjection() throws {
        let sink = try MailSink()
        let message = MailMessage(from: "a@b.example", to: "c@d.example", subject: "Hi\r\nBcc: victim@evil.example",
                                  body: "x", messageID: "<x@y>")
        #expect(throws: SMTPError.self) { try SMTPClient(url: sink.url).send(message) }
        #expect(sink.messages().isEmpty)
    }

    @Test func reportsUnreachableServer() {
        let message = MailMessage(from: "a@b.example", to: "c@d.example", subject: "Hi", body: "x", messageID: "<x@y>")
        #expect(throws: SMTPError.self) { try SMTPClient(url: "smtp://127.0.0.1:1", timeoutSeconds: 3).send(message) }
    }

    @Test func classifiesRefusalsAndReusesOneConnection() throws {
        let sink = try MailSink()
        let client = SMTPClient(url: sink.url)
        func message(_ to: String, _ n: Int) -> MailMessage {
            MailMessage(from: "a@b.example", fromName: "Café Ñandú", to: to, subject: "Línea \(n) " + String(repeating: "ñ", count: 60),
                        body: "x", messageID: "<m\(n)@y>")
        }
        let refused = #expect(throws: SMTPError.self) { try client.send(message("reject@d.example", 1)) }
        #expect(refused?.permanent == true && refused?.responseCode == 550)
        let later = #expect(throws: SMTPError.self) { try client.send(message("tempfail@d.example", 2)) }
        #expect(later?.permanent == false && later?.responseCode == 451)
        for n in 3...5 { try client.send(message("ok@d.example", n)) }
        let received = sink.messages()
        #expect(received.count == 3)
        // A long non-ASCII subject is several encoded words folded onto continuation lines, none over 76.
        let text = try #require(received.first)
        let subject = text.components(separatedBy: "\n").drop { !$0.hasPrefix("Subject:") }.prefix { $0.hasPrefix("Subject:") || $0.hasPrefix(" ") }
        #expect(subject.count > 1)
        #expect(subject.allSatisfy { $0.trimmingCharacters(in: .newlines).count <= 78 })
        #expect(text.contains("From: =?UTF-8?B?"))
    }
}
