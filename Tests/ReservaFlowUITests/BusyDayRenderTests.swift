import Foundation
import Testing
@testable import ReservationDomain
@testable import ReservaFlowUI

/// A busy day: 60 tables in three areas, 400 bookings, drawn whole while the cursor moves. Speed is measured
/// by the benchmark program (`make bench`), never asserted here; this checks the busy frame stays correct.
@Suite struct BusyDayRenderTests {
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

    @Test func aBusyDayDrawsWholeRowsWhileTheCursorMoves() {
        var s = AppState(config: UIConfig(restaurantID: 1), now: Fixture.now, size: Size(width: 160, height: 48), staff: Fixture.staff)
        s = update(s, .dayLoaded(BusyDayRenderTests.busyDay())).0
        s = update(s, .key(.tab)).0
        var buffer = ScreenBuffer(width: 160, height: 48)
        for i in 0..<20 {
            s = update(s, .key(.char(i % 2 == 0 ? "j" : "l"))).0
            render(s, into: &buffer, size: s.size)
            let lines = buffer.lines()
            #expect(lines.count == 48)
            #expect(lines.allSatisfy { $0.displayWidth == 160 })
        }
        #expect(buffer.lines().joined().contains("Guest"))
    }
}
