import Foundation
import Logging
import ReservationCore
import ReservationDomain
import ServiceLifecycle

/// Tomorrow's printed day (`reservaflow sheet`) for every venue, written each night into a folder the
/// operator names (`reservaflowd --sheets DIR`): the paper a host works from if the screens are down the next
/// day. From `hour` (venue time) to midnight each pass writes it again, whole (a temporary file renamed), so a
/// booking taken late in the evening is on it and a printer's folder never holds half a sheet. Stateless, so
/// two daemons writing the same file write the same thing.
public struct SheetWriter: Sendable {
    public let directory: String
    public let hour: Int

    public init(directory: String, hour: Int = 22) {
        self.directory = directory
        self.hour = hour
    }

    /// The files written: `<venue>-<day>.txt`, for each venue whose local time at `now` is past `hour`.
    public func writeDue(_ book: ReservationBook, now: Date) throws(ReservationError) -> [String] {
        var written: [String] = []
        for venue in try book.restaurants() {
            let (today, time) = venue.clock.localParts(of: now)
            guard time.hour >= hour else { continue }
            let day = today.adding(days: 1)
            let text = PrintedDay.text(try book.daySheet(restaurantID: venue.id, date: day), printedAt: now)
            let path = (directory as NSString).appendingPathComponent("\(venue.slug)-\(day).txt")
            do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
                throw .invalid(field: "sheets", message: "Tomorrow's sheet could not be written to \(path): \(error.localizedDescription)")
            }
            written.append(path)
        }
        return written
    }
}

/// The writer as a daemon service: a pass every ten minutes, on a book of its own.
struct SheetService: Service {
    let executor: BookExecutor
    let writer: SheetWriter
    let logger: Logger
    let now: @Sendable () -> Date

    func run() async throws {
        let stop = StopFlag()
        let wakeup = Wakeup()
        await withGracefulShutdownHandler {
            while !stop.isSet {
                do {
                    let files = try await executor.run { [writer, now] in try writer.writeDue($0, now: now()) }
                    if !files.isEmpty { logger.info("tomorrow's sheets written", metadata: ["files": "\(files.joined(separator: ", "))"]) }
                } catch {
                    logger.warning("tomorrow's sheets not written; trying again in ten minutes", metadata: ["error": "\(error)"])
                }
                await wakeup.wait(seconds: 600)
            }
        } onGracefulShutdown: {
            stop.set()
            wakeup.signal()
        }
    }
}
