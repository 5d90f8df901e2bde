import Foundation
import Glibc

/// A private SMTP server on a free loopback port (Support/smtp_sink.py, Debian's aiosmtpd), writing to a
/// Maildir; stopped when released. Recipients "reject@..." get 550, "tempfail@..." 451.
final class MailSink {
    let port: Int
    let maildir: URL
    private var process: Process?

    /// `port`: reuse a port (to bring a "down" server back where the mailer expects it).
    init(port: Int = MailSink.freePort(), start: Bool = true) throws {
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
        for _ in 0..<600 where !Self.accepts(port: port) && p.isRunning { Thread.sleep(forTimeInterval: 0.05) }
        guard Self.accepts(port: port) else { throw TestStackError("the SMTP sink did not start on port \(port)") }
    }

    deinit {
        // SIGKILL, not terminate(): a child spawned from a test's dispatch thread inherits its blocked
        // signal mask, so the sink could ignore SIGTERM and waitUntilExit() would hang the whole run.
        if let process {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: maildir)
    }

    /// A loopback port nobody listens on right now (the kernel picks it).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        return ok ? Int(UInt16(bigEndian: addr.sin_port)) : Int.random(in: 30000...39999)
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
