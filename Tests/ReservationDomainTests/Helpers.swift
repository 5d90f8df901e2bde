import Foundation
@testable import ReservationDomain

func date(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }
func time(_ h: Int, _ m: Int = 0) -> TimeOfDay { TimeOfDay(hour: h, minute: m)! }
/// An instant from an ISO-8601 UTC string like "2026-03-29T01:00:00Z".
func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

let madrid = ZonedClock(identifier: "Europe/Madrid")!
let newYork = ZonedClock(identifier: "America/New_York")!

func table(_ id: TableID, _ label: String, _ min: Int, _ max: Int, active: Bool = true) -> DiningTable {
    DiningTable(id: id, areaID: 1, label: label, minCovers: min, maxCovers: max, active: active)
}
