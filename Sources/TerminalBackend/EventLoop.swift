import Foundation
import Glibc
import ReservaFlowUI

/// A descriptor the loop waits on besides the keyboard, e.g. the PostgreSQL LISTEN socket.
public struct WatchedFD {
    public var fd: Int32
    /// Runs on the loop thread when `fd` is readable (consume the input there); returns messages.
    public var onReadable: () -> [Msg]
    public init(fd: Int32, onReadable: @escaping () -> [Msg]) {
        self.fd = fd
        self.onReadable = onReadable
    }
}

/// The UI thread's loop: draw, poll() on the keyboard, the wake pipe and any watched descriptors (with a
/// timeout for the clock tick), turn what arrived into messages, update, hand effects out, repeat.
/// Everything here runs on the thread that created the `Terminal`.
public final class EventLoop {
    public let terminal: Terminal
    public let wake: WakePipe
    public var watched: [WatchedFD] = []
    /// How often `.tick(now)` is sent (the header clock, seated timers, lease renewal).
    public var tickInterval: TimeInterval = 1
    public var clock: () -> Date = Date.init

    public init(terminal: Terminal, wake: WakePipe) {
        self.terminal = terminal
        self.wake = wake
    }

    /// Runs until the program asks to quit.
    /// - Parameters:
    ///   - perform: receives each batch of effects; must return quickly (queue them for a worker thread
    ///     that calls `wake.signal()` when it has results).
    ///   - inbox: returns the messages workers have posted since the last call.
    public func run(_ program: inout Program, perform: ([Effect]) -> Void, inbox: () -> [Msg]) {
        deliver([.resize(terminal.size), .tick(clock())], to: &program, perform: perform)
        perform(program.startEffects)
        var nextTick = clock().addingTimeInterval(tickInterval)
        while !program.wantsQuit {
            terminal.draw(program.view(), theme: program.state.theme)
            let wait = max(0, nextTick.timeIntervalSince(clock()))
            var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wake.readFD, events: Int16(POLLIN), revents: 0)]
            for w in watched { fds.append(pollfd(fd: w.fd, events: Int16(POLLIN), revents: 0)) }
            // EINTR (SIGWINCH on resize) is fine: curses reports KEY_RESIZE on the next read.
            _ = poll(&fds, nfds_t(fds.count), Int32(min(wait * 1000, 60_000).rounded(.up)))
            // The terminal is gone (the SSH connection dropped, the window closed): nobody is left to serve.
            if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return }

            var msgs = terminal.readEvents()
            if fds[1].revents != 0 { wake.drain() }
            msgs += inbox()
            for (i, w) in watched.enumerated() where fds[i + 2].revents != 0 { msgs += w.onReadable() }
            let now = clock()
            if now >= nextTick {
                msgs.append(.tick(now))
                nextTick = now.addingTimeInterval(tickInterval)
            }
            deliver(msgs, to: &program, perform: perform)
        }
    }

    private func deliver(_ msgs: [Msg], to program: inout Program, perform: ([Effect]) -> Void) {
        for m in msgs {
            // Ctrl-L repaints the whole screen from scratch (whatever else wrote over it: a wall(1)
            // message, a stray write to the tty), as in every curses program; `update` reloads the day.
            if case .key(let k) = m, k == .ctrl("l") { terminal.invalidate() }
            let fx = program.send(m)
            if !fx.isEmpty { perform(fx) }
            if program.wantsQuit { return }
        }
    }
}
