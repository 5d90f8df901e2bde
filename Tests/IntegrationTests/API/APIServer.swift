import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Glibc
@testable import ReservationCore
@testable import ReservationDomain

/// The real `reservaflow-api` binary on a kernel-chosen loopback port, against one test database.
/// Unchecked Sendable: nothing in it changes after `init` (requests share only the URL and the session).
final class APIServer: @unchecked Sendable {
    let process = Process()
    let log: URL
    let base: String
    static let linkSecret = "test-link-secret-0123456789abcdef"

    /// `redisURL`: another Redis than the stack's (a private one a test can stop).
    init(databaseURL: String, extra: [String] = [], redisURL: String = TestStack.settings.redisURL) throws {
        log = FileManager.default.temporaryDirectory.appendingPathComponent("rf-api-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let out = Pipe()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["--port", "0", "--log-level", "warning"] + extra
        process.currentDirectoryURL = FileManager.default.temporaryDirectory
        process.environment = ["DATABASE_URL": TestStack.url(databaseURL, as: .api), "REDIS_URL": redisURL, "LINK_SECRET": Self.linkSecret,
                               "PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: log)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // The first line says where it listens (port 0: the kernel chose).
        var line = Data()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: "http://") else {
            throw TestStackError("reservaflow-api did not start: \(text) \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        }
        base = String(text[range.lowerBound...].prefix { !$0.isWhitespace })
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.exitStatus() }
        try? FileManager.default.removeItem(at: log)
    }

    static var binary: String {
        if let b = ProcessInfo.processInfo.environment["RESERVAFLOW_API_BIN"], !b.isEmpty { return b }
        return URL(fileURLWithPath: TmuxSession.binary).deletingLastPathComponent().appendingPathComponent("reservaflow-api").path
    }

    var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    struct Answer {
        var status: Int
        var headers: [String: String]
        var data: Data

        var json: Any? { try? JSONSerialization.jsonObject(with: data) }
        var object: [String: Any] { json as? [String: Any] ?? [:] }
        var array: [[String: Any]] { json as? [[String: Any]] ?? [] }
        var text: String { String(decoding: data, as: UTF8.self) }
        func header(_ name: String) -> String? { headers.first { $0.key.lowercased() == name.lowercased() }?.value }
    }

    static let session: URLSession = {
        let c = URLSessionConfiguration.ephemeral
        c.httpMaximumConnectionsPerHost = 64
        c.timeoutIntervalForRequest = 30
        return URLSession(configuration: c)
    }()

    /// One request; `body` is sent as given (a String) or as JSON (anything else).
    func call(_ method: String, _ path: String, token: String? = nil, body: Any? = nil,
              headers: [String: String] = [:]) async throws -> Answer {
        var req = URLRequest(url: URL(string: base + path)!)
        req.httpMethod = method
        if let token { req.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (k, v) in headers { req.setValue(v, forHTTPHeaderField: k) }
        if let body {
            if let text = body as? String { req.httpBody = Data(text.utf8) } else { req.httpBody = try JSONSerialization.data(withJSONObject: body) }
            req.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await Self.session.data(for: req)
        let http = response as! HTTPURLResponse
        var h: [String: String] = [:]
        for (k, v) in http.allHeaderFields { h["\(k)"] = "\(v)" }
        return Answer(status: http.statusCode, headers: h, data: data)
    }

    /// Registers a guest and signs them in: their access and refresh tokens.
    func guest(_ email: String, phone: String) async throws -> (access: String, refresh: String) {
        let reg = try await call("POST", "/api/auth/register/", body: ["email": email, "password": "a long pass phrase", "first_name": "Guest",
                                                                      "last_name": email, "phone": phone])
        guard reg.status == 201 else { throw TestStackError("register: \(reg.status) \(reg.text)") }
        return try await signIn(["email": email, "password": "a long pass phrase"])
    }

    func signIn(_ body: [String: String]) async throws -> (access: String, refresh: String) {
        let tok = try await call("POST", "/api/token/", body: body)
        guard tok.status == 200, let a = tok.object["access"] as? String, let r = tok.object["refresh"] as? String else {
            throw TestStackError("token: \(tok.status) \(tok.text)")
        }
        return (a, r)
    }
}
