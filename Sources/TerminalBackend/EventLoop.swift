import Foundation
import Glibc
import POSIXSupport
import ReservaFlowUI

/// The UI thread's loop: draw, poll() on the keyboard and the wake pipe (with a timeout for the clock
/// tick), turn what arrived into messages, update, hand effects out, repeat.
/// Everything here runs on the thread that created the `Terminal`.
public final class EventLoop {
    public let terminal: Terminal
    public let wake: WakePipe
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
    /// - Throws: when poll() itself fails (not when a signal interrupts it): the loop cannot wait any more.
    public func run(_ program: inout Program, perform: ([Effect]) -> Void, inbox: () -> [Msg]) throws(SystemCallError) {
        deliver([.resize(terminal.size), .tick(clock())], to: &program, perform: perform)
        perform(program.startEffects)
        var nextTick = clock().addingTimeInterval(tickInterval)
        while !program.wantsQuit {
            terminal.draw(program.view(), theme: program.state.theme)
            let wait = max(0, nextTick.timeIntervalSince(clock()))
            var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wake.readFD, events: Int16(POLLIN), revents: 0)]
            // Interrupted (SIGWINCH on resize) counts as woken: curses reports KEY_RESIZE on the next read.
            try Syscall.poll(&fds, timeoutMs: Int32(min(wait * 1000, 60_000).rounded(.up)))
            // The terminal is gone (the SSH connection dropped, the window closed): nobody is left to serve.
            if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return }

            var msgs = terminal.readEvents()
            if fds[1].revents != 0 { wake.drain() }
            msgs += inbox()
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
