import Logging
import NIOCore
import Synchronization

/// The hard cap: at most `max` connections are served at once, whatever the accept loop lets through.
///
/// `ConnectionCap` (Hummingbird's accept gate) only stops *reading* the listening socket once `max` are
/// open, and is asked between reads: a read that starts below the cap accepts as many connections as the
/// server channel's `maxMessagesPerRead` allows (NIO's default is 4). `API.acceptOneAtATime` makes that
/// one, so the gate alone holds; this count is what holds if it does not (a read before that option is
/// set, or a change in Hummingbird or NIO). A connection over the cap is closed before it is read: the
/// client sees its connection closed, as if the kernel's queue had refused it.
final class ConnectionSlots: Sendable {
    let max: Int
    /// Taken in the child channel's initializer (on the connection's own event loop, right after accept),
    /// given back when it closes: atomic because connections live on every event loop.
    private let taken = Atomic<Int>(0)

    init(max: Int) {
        self.max = Swift.max(1, max)
    }

    var inUse: Int { taken.load(ordering: .relaxed) }

    /// Takes a slot for `channel` (given back when it closes), or closes it at once when none is free.
    func admit(_ channel: any Channel, logger: Logger) -> Bool {
        let now = taken.wrappingAdd(1, ordering: .relaxed).newValue
        guard now <= max else {
            taken.wrappingSubtract(1, ordering: .relaxed)
            logger.debug("connection over --max-connections closed unread", metadata: ["connections": "\(now - 1)"])
            channel.close(promise: nil)
            return false
        }
        channel.closeFuture.whenComplete { _ in self.taken.wrappingSubtract(1, ordering: .relaxed) }
        return true
    }
}

/// Refused by `ConnectionSlots`: the child channel's setup fails with it (NIO then drops the channel).
struct ConnectionCapReached: Error {}

extension API {
    /// One connection per read of the listening socket, so `ConnectionCap` is asked before every accept
    /// and new connections past the cap stay in the kernel's queue instead of being accepted and closed.
    /// (nginx's default, `multi_accept off`.) Set on the running server channel: Hummingbird has no
    /// option for it; a burst before it is set is bounded by `ConnectionSlots`.
    static func acceptOneAtATime(_ then: @escaping @Sendable (any Channel) async -> Void) -> @Sendable (any Channel) async -> Void {
        { channel in
            try? await channel.setOption(ChannelOptions.maxMessagesPerRead, value: 1).get()
            await then(channel)
        }
    }
}
