import Foundation

/// A running (or stopped) daemon instance, from its heartbeat row.
public struct DaemonInstance: Sendable, Hashable {
    public var instance: String
    public var hostname: String
    public var pid: Int
    public var version: String
    public var startedAt: Date
    public var beatAt: Date
    public var stoppedAt: Date?

    /// Instances beat every `DaemonInstance.beatInterval`; one silent for `staleAfter` is dead.
    public static let beatInterval: TimeInterval = 10
    public static let staleAfter: TimeInterval = 45

    public func isLive(at now: Date) -> Bool { stoppedAt == nil && now.timeIntervalSince(beatAt) < Self.staleAfter }

    public init(instance: String, hostname: String, pid: Int, version: String, startedAt: Date, beatAt: Date, stoppedAt: Date? = nil) {
        self.instance = instance
        self.hostname = hostname
        self.pid = pid
        self.version = version
        self.startedAt = startedAt
        self.beatAt = beatAt
        self.stoppedAt = stoppedAt
    }
}
