import Foundation
import Glibc

/// A private SMTP server on a free loopback port (Support/smtp_sink.py, Debian's aiosmtpd), writing to a
/// Maildir; stopped when released. Recipients "reject@..." get 550, "tempfail@..." 451.
final class MailSink {
    let port: Int
    let maildir: URL
    private var process: Process?

    /// `port`: reuse a port (to bring a "down" server back where the mailer expects it).
    init(port: Int = LoopbackPort.free(), start: Bool = true) throws {
        maildir = FileManager.default.temporaryDirectory.appendingPathComponent("rf-mail-\(UUID().uuidString)")
        self.port = port
        if start { try self.start() }
    }

    var url: String { "smtp://127.0.0.1:\(port)" }

    func start() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("smtp_sink.py").path
        p.arguments = [script, String(port), maildir.path]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        process = p
        // Wait until it accepts connections (bounded: Python and aiosmtpd start slowly on a loaded machine).
        for _ in 0..<600 where !LoopbackPort.accepts(port) && p.isRunning { Thread.sleep(forTimeInterval: 0.05) }
        guard LoopbackPort.accepts(port) else { throw TestStackError("the SMTP sink did not start on port \(port)") }
    }

    deinit {
        // SIGKILL, not terminate(): a child spawned from a test's dispatch thread inherits its blocked
        // signal mask, so the sink could ignore SIGTERM and waitUntilExit() would hang the whole run.
        if let process {
            kill(process.processIdentifier, SIGKILL)
            process.exitStatus()
        }
        try? FileManager.default.removeItem(at: maildir)
    }

    /// Every message received, as its text with "\n" line ends (on the wire and on disk they are CRLF,
    /// which Swift counts as one Character, so splitting on "\n" would find nothing).
    func messages() -> [String] {
        let new = maildir.appendingPathComponent("new")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: new.path)) ?? []
        return files.compactMap { try? String(contentsOf: new.appendingPathComponent($0), encoding: .utf8) }
            .map { $0.replacingOccurrences(of: "\r\n", with: "\n") }
    }

    /// The Message-ID header of each message received.
    func messageIDs() -> [String] {
        messages().compactMap { text in
            text.components(separatedBy: "\n").first { $0.lowercased().hasPrefix("message-id:") }
                .map { $0.dropFirst("message-id:".count).trimmingCharacters(in: .whitespacesAndNewlines) }
        }
    }
}
