import Foundation
import Logging
import Synchronization

/// The TUI logs to a file: anything written to stderr would land on top of the screen.
struct FileLogHandler: LogHandler {
    private let sink: Sink
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info
    let label: String

    final class Sink: Sendable {
        private let handle: Mutex<FileHandle?>
        /// The log can name guests (an error quoting a booking), so its folder is 0700 and the file 0600,
        /// including a file an older version left readable by others.
        init(path: String) {
            let dir = (path as NSString).deletingLastPathComponent
            try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                     attributes: [.posixPermissions: 0o700])
            if !FileManager.default.fileExists(atPath: path) {
                FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
            }
            try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
            let h = FileHandle(forWritingAtPath: path)
            h?.seekToEndOfFile()
            handle = Mutex(h)
        }
        func write(_ line: String) { handle.withLock { $0?.write(Data(line.utf8)) } }
    }

    init(label: String, sink: Sink) {
        self.label = label
        self.sink = sink
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let stamp = ISO8601DateFormatter().string(from: Date())
        sink.write("\(stamp) \(event.level) \(label): \(event.message)\n")
    }

    /// `$XDG_STATE_HOME/reservaflow/reservaflow.log`, else `~/.local/state/reservaflow/reservaflow.log`.
    static var defaultPath: String {
        let env = ProcessInfo.processInfo.environment
        let base = env["XDG_STATE_HOME"] ?? ((env["HOME"] ?? NSTemporaryDirectory()) + "/.local/state")
        return base + "/reservaflow/reservaflow.log"
    }
}
