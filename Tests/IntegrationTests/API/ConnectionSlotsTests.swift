import Logging
import NIOCore
import NIOEmbedded
import Testing
@testable import ReservaFlowAPI

/// The hard cap on connections served at once (ConnectionSlots), on channels made here: with one accept
/// per read, the accept loop's gate keeps a real server from ever reaching it (APISlowClientTests shows
/// the cap from outside), so this is where it is seen to work.
@Suite("REST API: the connection cap's own count")
struct ConnectionSlotsTests {
    @Test func aConnectionOverTheCapIsClosedAtOnceAndAClosedOneFreesItsSlot() throws {
        let slots = ConnectionSlots(max: 2)
        let logger = Logger(label: "test")
        let loop = EmbeddedEventLoop()
        let (a, b, c, d) = (EmbeddedChannel(loop: loop), EmbeddedChannel(loop: loop), EmbeddedChannel(loop: loop), EmbeddedChannel(loop: loop))
        for channel in [a, b, c, d] { try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait() }
        #expect(slots.admit(a, logger: logger))
        #expect(slots.admit(b, logger: logger))
        #expect(!slots.admit(c, logger: logger), "a third connection with --max-connections 2")
        loop.run()
        #expect(!c.isActive, "the refused connection is closed, not left open unread")
        #expect(a.isActive && b.isActive)
        #expect(slots.inUse == 2)
        _ = try a.finish()
        loop.run()
        #expect(slots.inUse == 1, "a closed connection gives its slot back")
        #expect(slots.admit(d, logger: logger))
        #expect(slots.inUse == 2)
        _ = try b.finish()
        _ = try d.finish()
        loop.run()
        #expect(slots.inUse == 0)
    }
}
