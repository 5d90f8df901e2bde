import Foundation
import Testing
@testable import ReservationCore
@testable import ReservaFlowUI

/// A busy day: 60 tables in three areas, 400 bookings. The target is a full 160x48 frame in under 2 ms in
/// a release build (about 0.3 ms measured); this debug-build test only guards against a frame becoming
/// quadratic in the number of bookings, with a bound loose enough for a slow CI machine.
@Suite struct RenderPerformanceTests {
    static func busyDay() -> DaySheet {
        var tables: [DiningTable] = []
        for i in 0..<60 {
            tables.append(DiningTable(id: Int64(i + 1), areaID: Int64(i / 20 + 1), label: "T\(i + 1)", minCovers: 2,
                                      maxCovers: 4 + i % 4, x: (i % 20 % 5) * 3, y: (i % 20 / 5) * 2, width: 2, height: 1))
        }
        let statuses: [ReservationStatus] = [.completed, .completed, .seated, .confirmed, .pending, .cancelled, .confirmed]
        var entries: [BookEntry] = []
        for n in 0..<400 {
            let t = tables[n % 60]
            let k = n / 60
            let start = Fixture.at(12, 0).addingTimeInterval(Double(k) * 90 * 60)
            let c = Customer(id: Int64(n), restaurantID: 1, name: "Guest \(n) 王", phone: "+3460000\(n)")
            let r = Reservation(id: UUID(), restaurantID: 1, tableID: t.id, customerID: c.id, partySize: 2 + n % 4,
                                startsAt: start, endsAt: start.addingTimeInterval(90 * 60), status: statuses[k], source: .phone)
            entries.append(BookEntry(reservation: r, customer: c, tableLabel: t.label))
        }
        var sheet = Fixture.sheet()
        sheet.tables = tables
        sheet.entries = entries
        sheet.windows = [ServiceWindow(name: "all day", opens: Fixture.at(12, 0), closes: Fixture.at(23, 30))]
        return sheet
    }

    @Test func aBusyDayFrameStaysFast() {
        var s = AppState(config: UIConfig(restaurantID: 1), now: Fixture.now, size: Size(width: 160, height: 48), staff: Fixture.staff)
        s = update(s, .dayLoaded(RenderPerformanceTests.busyDay())).0
        s = update(s, .key(.tab)).0
        var buffer = ScreenBuffer(width: 160, height: 48)
        render(s, into: &buffer, size: s.size)
        #expect(buffer.lines().joined().contains("Guest"))
        let frames = 50
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for i in 0..<frames {
                s = update(s, .key(.char(i % 2 == 0 ? "j" : "l"))).0
                render(s, into: &buffer, size: s.size)
            }
        }
        let perFrame = elapsed / frames
        print("busy day, 160x48: \(perFrame) per update+render (debug build)")
        #expect(perFrame < .milliseconds(40))
    }
}
