import Foundation
import ReservaFlowUI
import ReservationCore
import ReservationDomain

/// Frame timings of the pure UI: 60- and 200-table floors with a busy day (about 6.7 reservations a table),
/// at 80x24 and 200x60 (targets: a full frame under 2 ms; a key press to an updated frame well inside 16 ms).
/// Beside each: blanking the same screen buffer, the least a full frame costs.
enum RenderBenchmarks {
    static func busyDay(now: Date, zone: String, tables count: Int = 60) -> DaySheet {
        let clock = ZonedClock(identifier: zone)!
        let today = clock.localDate(of: now)
        let at = { (h: Int, m: Int) in clock.resolve(today, TimeOfDay(hour: h, minute: m)!).instant! }
        let restaurant = Restaurant(id: 1, slug: "bench", name: "Bench Venue", timeZone: zone)
        let areaCount = (count + 19) / 20
        let areas = (1...areaCount).map { Area(id: Int64($0), name: ["Main room", "Terrace", "Bar"][($0 - 1) % 3] + ($0 > 3 ? " \($0)" : ""), sortOrder: $0) }
        let tables = (0..<count).map { i in
            DiningTable(id: Int64(i + 1), areaID: Int64(i / 20 + 1), label: "T\(i + 1)", minCovers: 1, maxCovers: 2 + 2 * (i % 3),
                        x: (i % 20 % 5) * 6, y: (i % 20 / 5) * 3, width: 4, height: 3)
        }
        let statuses: [ReservationStatus] = [.completed, .completed, .seated, .confirmed, .pending, .cancelled, .confirmed]
        var entries: [BookEntry] = []
        for n in 0..<(count * 20 / 3) {
            let t = tables[n % count], k = n / count
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

    static func run(_ o: BenchOptions, _ results: Results) {
        let zone = "Europe/Madrid"
        let clock = ZonedClock(identifier: zone)!
        let now = clock.resolve(clock.localDate(of: Date()), TimeOfDay(hour: 20, minute: 10)!).instant!
        let staff = StaffMember(id: 1, username: "host", displayName: "Ana García", role: .host)
        let frames = o.quick ? 200 : 1000
        for tables in [60, 200] {
            let day = busyDay(now: now, zone: zone, tables: tables)
            for size in [Size(width: 80, height: 24), Size(width: 200, height: 60)] {
                var s = AppState(config: UIConfig(restaurantID: 1, timeZone: zone), now: now, size: size, staff: staff)
                s = update(s, .dayLoaded(day)).0
                var buffer = ScreenBuffer(width: size.width, height: size.height)
                render(s, into: &buffer, size: size)
                var full: [Double] = [], blank: [Double] = []
                for _ in 0..<frames {
                    full.append(1000 * timeMillis { render(s, into: &buffer, size: size) })
                    blank.append(1000 * timeMillis { buffer.reset(width: size.width, height: size.height) })
                }
                let name = "TUI full frame \(size.width)x\(size.height), \(tables) tables, \(day.entries.count) bookings"
                let floor = "blanking the \(size.width)x\(size.height) buffer"
                results.add(name + ", p50", Stats.percentile(full, 0.5), "us", baseline: floor + ", p50", baselineValue: Stats.percentile(blank, 0.5))
                results.add(name + ", p99", Stats.percentile(full, 0.99), "us", baseline: floor + ", p99", baselineValue: Stats.percentile(blank, 0.99))
                // A key press: update (pure) and the new frame, alternating floor and timeline moves.
                var keys: [Double] = []
                let moves: [Key] = [.char("l"), .char("j"), .char("h"), .char("k"), .tab, .char("l"), .char("j"), .tab, .tab]
                for i in 0..<frames {
                    keys.append(1000 * timeMillis {
                        s = update(s, .key(moves[i % moves.count])).0
                        render(s, into: &buffer, size: size)
                    })
                }
                results.add("TUI key press to new frame \(size.width)x\(size.height), \(tables) tables, p99", Stats.percentile(keys, 0.99), "us",
                            baseline: floor + ", p99", baselineValue: Stats.percentile(blank, 0.99))
            }
        }
    }
}
