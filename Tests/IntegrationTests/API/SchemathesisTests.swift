import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// Schemathesis generates requests from docs/openapi.yaml (valid ones, edge cases, fuzz) against the real
/// server: no answer may be a 5xx, and every answer must match the document's schemas and content type.
@Suite("REST API: schemathesis", .serialized)
struct SchemathesisTests {
    static var binary: String? { ProcessInfo.processInfo.environment["SCHEMATHESIS_BIN"].flatMap { $0.isEmpty ? nil : $0 } }
    static var spec: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/openapi.yaml").path
    }

    /// One run of `st` as the given caller; its output when it fails.
    static func fuzz(_ st: String, base: String, token: String) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: st)
        p.arguments = ["run", Self.spec, "--url", base, "-H", "Authorization: Bearer \(token)",
                       "-c", "not_a_server_error,response_schema_conformance,content_type_conformance",
                       "-n", "25", "--seed", "7", "--phases", "examples,coverage,fuzzing", "--generation-database", "none",
                       "--no-color", "--request-timeout", "20"]
        p.environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "NO_COLOR": "1"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        return (p.exitStatus(), String(decoding: data, as: UTF8.self))
    }

    @Test func generatedRequestsFindNoServerErrorAndNoSchemaViolation() async throws {
        let venue = try E2EVenue()
        let api = try APIServer(databaseURL: venue.databaseURL,
                                extra: ["--bookings-per-guest", "0", "--bookings-per-address", "0", "--auth-per-address", "0", "--requests-per-address", "0"])
        let st = try #require(Self.binary, "SCHEMATHESIS_BIN is not set: run the suite with `make test` (scripts/schemathesis-venv.sh makes it)")
        let guest = try await api.guest("fuzz@example.com", phone: "611 000 999")
        let staff = try await api.signIn(["username": "marco", "password": E2EVenue.managerPassword])
        for (who, token) in [("guest", guest.access), ("staff", staff.access)] {
            let base = api.base
            // Minutes of fuzzing, waited for on a thread of its own (`offThePool`).
            let run = try await offThePool { try Self.fuzz(st, base: base, token: token) }
            #expect(run.status == 0, "schemathesis as \(who) failed:\n\(run.output.suffix(6000))")
            #expect(run.output.contains("passed"), "\(run.output.suffix(2000))")
        }
        #expect(!api.logText.contains("unexpected error"), "\(api.logText.suffix(2000))")
    }
}
