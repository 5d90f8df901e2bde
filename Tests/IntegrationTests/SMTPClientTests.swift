import Foundation
import Testing

@testable import ReservationCore

/// The libcurl SMTP client against a real SMTP server: Debian's aiosmtpd writing to a Maildir.
@Suite("SMTP client", .serialized)
struct SMTPClientTests {
    /// A private aiosmtpd on a free loopback port, stopped when the test ends.
    final class MailSink {
        let port: Int
        let maildir: URL
        private let process: Process

        init() throws {
            maildir = FileManager.default.temporaryDirectory.appendingPathComponent("rf-mail-\(UUID().uuidString)")
            port = Int.random(in: 30000...39999)
            process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            process.arguments = ["-m", "aiosmtpd", "-n", "-l", "127.0.0.1:\(port)", "-c", "aiosmtpd.handlers.Mailbox", maildir.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Wait until it accepts connections (at most ~5 s).
            for _ in 0..<100 where !Self.accepts(port: port) { Thread.sleep(forTimeInterval: 0.05) }
        }

        deinit {
            // SIGKILL, not terminate(): a child spawned from a test's dispatch thread inherits its blocked
            // signal mask, so aiosmtpd ignored SIGTERM and waitUntilExit() hung the whole test run.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: maildir)
        }

        static func accepts(port: Int) -> Bool {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = in_port_t(UInt16(port).bigEndian)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            return withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
            }
        }

        func messages() -> [String] {
            let new = maildir.appendingPathComponent("new")
            let files = (try? FileManager.default.contentsOfDirectory(atPath: new.path)) ?? []
            return files.compactMap { try? String(contentsOf: new.appendingPathComponent($0), encoding: .utf8) }
        }
    }

    @Test func deliversMessageWithStableIDAndEncodedSubject() throws {
        let sink = try MailSink()
        let message = MailMessage(from: "reservas@casalucia.example", to: "ana@mail.example",
                                  subject: "Su mesa en Casa Lucía está confirmada",
                                  body: "Hello Ana,\n.leading dot survives\nSee you.", messageID: "<abc.confirmation@demo.reservaflow>")
        try SMTPClient(url: "smtp://127.0.0.1:\(sink.port)").send(message)
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
        #expect(throws: SMTPError.self) { try SMTPClient(url: "smtp://127.0.0.1:\(sink.port)").send(message) }
        #expect(sink.messages().isEmpty)
    }

    @Test func reportsUnreachableServer() {
        let message = MailMessage(from: "a@b.example", to: "c@d.example", subject: "Hi", body: "x", messageID: "<x@y>")
        #expect(throws: SMTPError.self) { try SMTPClient(url: "smtp://127.0.0.1:1", timeoutSeconds: 3).send(message) }
    }
}
