import Foundation
import Synchronization

/// Lets a service sleep until a moment, or until someone has news for it (a NOTIFY, a shutdown), whichever
/// comes first. A signal that arrives while nobody waits is kept for the next wait, so none is lost.
public final class Wakeup: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
    }
    private let state = Mutex(State())

    public init() {}

    public func signal() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            guard let w = s.waiter else { s.pending = true; return nil }
            s.waiter = nil
            return w
        }
        waiter?.resume()
    }

    /// Returns after `seconds`, on a signal, or when the task is cancelled.
    public func wait(seconds: TimeInterval) async {
        guard seconds > 0 else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(nanoseconds: UInt64(min(seconds, 86_400) * 1_000_000_000)) }
            group.addTask { await self.signalled() }
            await group.next()
            group.cancelAll()
            // Whichever lost must not keep a continuation: resume it so the group can finish.
            self.abandon()
        }
    }

    private func signalled() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { s -> Bool in
                    if s.pending || Task.isCancelled { s.pending = false; return true }
                    s.waiter = c
                    return false
                }
                if resumeNow { c.resume() }
            }
        } onCancel: {
            abandon()
        }
    }

    private func abandon() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume()
    }
}
