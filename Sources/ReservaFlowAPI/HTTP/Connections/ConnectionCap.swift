import Foundation
import Glibc
import HummingbirdCore

/// At most `max` connections at once at the accept loop: Hummingbird stops reading the listening socket
/// until one closes, so the rest wait in the kernel's queue. It is asked between reads of that socket, so
/// it is exact only with one accept per read (`API.acceptOneAtATime`); `ConnectionSlots` is the hard cap.
/// When many have closed since the busiest moment, the C allocator is asked to give the freed pages back
/// to the system (malloc_trim): without it, glibc keeps a flood's memory for the life of the process.
struct ConnectionCap: AvailableConnectionsDelegate {
    let max: Int
    private var count = 0
    private var peak = 0

    init(max: Int) {
        self.max = Swift.max(1, max)
    }

    mutating func connectionOpened() {
        count += 1
        peak = Swift.max(peak, count)
    }

    mutating func connectionClosed() {
        count -= 1
        // Halved since the busiest moment (1024 → 512 → 256 ... → 0): a few trims per flood, none in
        // ordinary traffic.
        if peak - count >= 64, count <= peak / 2 {
            peak = count
            MemoryTrim.soon()
        }
    }

    func isAcceptingNewConnections() -> Bool { count < max }
}

/// glibc's malloc_trim, found at run time (it is not in Swift's Glibc module; other C libraries lack it),
/// run off the event loops, at most one at a time.
enum MemoryTrim {
    private typealias Trim = @convention(c) (Int) -> Int32
    private static let trim: Trim? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: Trim.self)
    }()
    private static let queue = DispatchQueue(label: "reservaflow-api.malloc-trim")

    static func soon() {
        guard let trim else { return }
        queue.async { _ = trim(0) }
    }
}
