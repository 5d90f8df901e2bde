import Foundation
import ReservaFlowUI
import ReservationCore

/// Frame timings of the pure UI: a 60-table floor and a 400-reservation day (targets: a full frame under
/// 2 ms; a key press to an updated frame well inside 16 ms).
enum RenderBenchmarks {
    static func busyDay(now: Date, zone: String) -> DaySheet {
        let clock = ZonedClock(identifier: zone)!
        let today = clock.localDate(of: now)
        let at = { (h: Int, m: Int) in clock.resolve(today, TimeOfDay(hour: h, minute: m)!).instant! }
        let restaurant = Restaurant(id: 1, slug: "bench", name: "Bench Venue", timeZone: zone)
        let areas = (1...3).map { Area(id: Int64($0), name: ["Main room", "Terrace", "Bar"][$0 - 1], sortOrder: $0) }
        let tables = (0..<60).map { i in
            DiningTable(id: Int64(i + 1), areaID: Int64(i / 20 + 1), label: "T\(i + 1)", minCovers: 1, maxCovers: 2 + 2 * (i % 3),
                        x: (i % 20 % 5) * 6, y: (i % 20 / 5) * 3, width: 4, height: 3)
        }
        let statuses: [ReservationStatus] = [.completed, .completed, .seated, .confirmed, .pending, .cancelled, .confirmed]
        var entries: [BookEntry] = []
        for n in 0..<400 {
            let t = tables[n % 60], k = n / 60
            let start = at(12, 0).addingTimeInterval(Double(k) * 95 * 60)
            let c = Customer(id: Int64(n), restaurantID: 1, name: "Guest \(n) 王", phone: "+346000\(String(format: "%05d", n))",
                             allergies: n % 9 == 0 ? "nuts" : "", tags: n % 17 == 0 ? ["VIP"] : [])
            let r = Reservation(id: UUID(), restaurantID: 1, tableID: t.id, customerID: c.id, partySize: 1 + n % t.maxCovers,
                                startsAt: start, endsAt: start.addingTimeInterval(90 * 60), status: statuses[k % statuses.count],
                                source: .phone, expiresAt: statuses[k % statuses.count] == .pending ? now.addingTimeInterval(600) : nil)
            entries.append(BookEntry(reservation: r, customer: c, tableLabel: t.label))
        }
        return DaySheet(restaurant: restaurant, date: today,
                        windows: [ServiceWindow(name: "Lunch", opens: at(12, 0), closes: at(16, 30)),
                                  ServiceWindow(name: "Dinner", opens: at(19, 0), closes: at(23, 59))],
                        closure: nil, areas: areas, tables: tables, entries: entries, waitlist: [], leases: [], loadedAt: now)
    }

    static func run() {
        let zone = "Europe/Madrid"
        let clock = ZonedClock(identifier: zone)!
        let now = clock.resolve(clock.localDate(of: Date()), TimeOfDay(hour: 20, minute: 10)!).instant!
        let staff = StaffMember(id: 1, username: "host", displayName: "Ana García", role: .host)
        for size in [Size(width: 160, height: 48), Size(width: 80, height: 24)] {
            var s = AppState(config: UIConfig(restaurantID: 1, timeZone: zone), now: now, size: size, staff: staff)
            s = update(s, .dayLoaded(busyDay(now: now, zone: zone))).0
            var buffer = ScreenBuffer(width: size.width, height: size.height)
            render(s, into: &buffer, size: size)
            var frames: [Double] = []
            for _ in 0..<300 {
                frames.append(CoreBenchmarks.timeOnly { render(s, into: &buffer, size: size) })
            }
            CoreBenchmarks.report("full frame \(size.width)x\(size.height), 60 tables, 400 bookings", frames)
            // A key press: update (pure) and the new frame, alternating floor and timeline moves.
            var keys: [Double] = []
            let moves: [Key] = [.char("l"), .char("j"), .char("h"), .char("k"), .tab, .char("l"), .char("j"), .tab, .tab]
            for i in 0..<600 {
                keys.append(CoreBenchmarks.timeOnly {
                    s = update(s, .key(moves[i % moves.count])).0
                    render(s, into: &buffer, size: size)
                })
            }
            CoreBenchmarks.report("key press to frame \(size.width)x\(size.height) (update + render)", keys)
        }
    }
}
