import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// The daemon's and the API's shared start (`ProgramStart`), seen from outside: a log level that is not one
/// is refused before anything else (it once fell back to `info` without a word).
@Suite("Program start: reservaflowd and reservaflow-api")
struct ProgramStartTests {
    /// Runs `binary` with `arguments` and no settings at all; its exit status and stderr.
    func run(_ binary: String, _ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = arguments
        p.environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
        p.currentDirectoryURL = FileManager.default.temporaryDirectory
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (p.exitStatus(), text)
    }

    @Test("a wrong --log-level is an error (exit 2) naming the levels", arguments: [("reservaflowd", "verbose"), ("reservaflow-api", "Info")])
    func wrongLevel(program: String, level: String) throws {
        let binary = program == "reservaflowd" ? DaemonProcessTests.Daemon.binary : APIServer.binary
        let (status, stderr) = try run(binary, ["--log-level", level])
        #expect(status == 2, "\(stderr)")
        #expect(stderr == "\(program): log-level: --log-level is one of trace, debug, info, notice, warning, error, critical, not \"\(level)\".\n")
    }
}
