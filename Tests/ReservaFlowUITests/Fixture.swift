import Foundation
import ReservationDomain
@testable import ReservaFlowUI

/// A small venue on a fixed Friday evening in Madrid: three areas, eleven tables, a seated party over
/// its turn, a late arrival, a lease held by another host, a VIP with allergies, CJK and emoji names.
enum Fixture {
    static let clock = ZonedClock(identifier: "Europe/Madrid")!
    static let date = LocalDate(year: 2026, month: 12, day: 18)!  // a Friday
    static func at(_ h: Int, _ m: Int, on d: LocalDate = date) -> Date {
        clock.resolve(d, TimeOfDay(hour: h, minute: m)!).instant!
    }
    static let now = at(21, 10)

    static let restaurant = Restaurant(id: 1, slug: "casa-lucia", name: "Casa Lucía", timeZone: "Europe/Madrid")
    static let staff = StaffMember(id: 7, username: "marta", displayName: "Marta Vidal", role: .host)

    static let areas = [
        Area(id: 1, name: "Main", sortOrder: 1),
        Area(id: 2, name: "Terrace", sortOrder: 2),
        Area(id: 3, name: "Bar", sortOrder: 3),
    ]

    static let tables = [
        DiningTable(id: 1, areaID: 1, label: "T1", minCovers: 1, maxCovers: 2, x: 0, y: 0, width: 2, height: 1, features: [.window]),
        DiningTable(id: 2, areaID: 1, label: "T2", minCovers: 2, maxCovers: 4, x: 3, y: 0, width: 2, height: 1),
        DiningTable(id: 3, areaID: 1, label: "T3", minCovers: 2, maxCovers: 4, x: 6, y: 0, width: 2, height: 1),
        DiningTable(id: 4, areaID: 1, label: "T4", minCovers: 4, maxCovers: 6, x: 9, y: 0, width: 3, height: 1),
        DiningTable(id: 5, areaID: 1, label: "T5", minCovers: 2, maxCovers: 4, x: 0, y: 2, width: 2, height: 1),
        DiningTable(id: 6, areaID: 1, label: "T6", minCovers: 6, maxCovers: 8, x: 3, y: 2, width: 4, height: 2),
        DiningTable(id: 7, areaID: 1, label: "T7", minCovers: 2, maxCovers: 4, x: 9, y: 2, width: 2, height: 1, active: false),
        DiningTable(id: 10, areaID: 2, label: "T10", minCovers: 2, maxCovers: 4, x: 0, y: 0, width: 2, height: 1, features: [.outdoor]),
        DiningTable(id: 11, areaID: 2, label: "T11", minCovers: 2, maxCovers: 4, x: 3, y: 0, width: 2, height: 1, features: [.outdoor]),
        DiningTable(id: 20, areaID: 3, label: "B1", minCovers: 1, maxCovers: 2, x: 0, y: 0, width: 2, height: 1, shape: .bar),
        DiningTable(id: 21, areaID: 3, label: "B2", minCovers: 1, maxCovers: 2, x: 3, y: 0, width: 2, height: 1, shape: .bar),
    ]

    static let ana = Customer(id: 100, restaurantID: 1, name: "García López, Ana", phone: "+34600123456", email: "ana@example.com",
                              notes: "Prefers a quiet table; anniversary in December.", allergies: "shellfish, tree nuts",
                              tags: ["VIP", "regular"], visits: 12, cancellations: 2, noShows: 1, lastVisitAt: at(21, 0, on: LocalDate(year: 2026, month: 11, day: 3)!))
    static let muller = Customer(id: 101, restaurantID: 1, name: "Müller", phone: "+4915112345678", visits: 2)
    static let wang = Customer(id: 102, restaurantID: 1, name: "王小明", phone: "+34611222333", visits: 1)
    static let zoe = Customer(id: 103, restaurantID: 1, name: "Zoë 🎉 Party", phone: "+34622333444")
    static let smith = Customer(id: 104, restaurantID: 1, name: "Smith", phone: "+447700900123")
    static let rossi = Customer(id: 105, restaurantID: 1, name: "Rossi", phone: "+393331234567", visits: 5)
    static let dupont = Customer(id: 106, restaurantID: 1, name: "Dupont", phone: "+33612345678")

    static func entry(_ n: Int, _ c: Customer, table: TableID, label: String, party: Int, from: (Int, Int), to: (Int, Int),
                      _ status: ReservationStatus, seatedAt: Date? = nil, notes: String = "") -> BookEntry {
        let id = UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", n))!
        let r = Reservation(id: id, restaurantID: 1, tableID: table, customerID: c.id, partySize: party,
                            startsAt: at(from.0, from.1), endsAt: at(to.0, to.1), status: status, source: .phone,
                            expiresAt: status == .pending ? at(21, 25) : nil, notes: notes,
                            createdAt: at(10, 0), updatedAt: at(10, 0), seatedAt: seatedAt)
        return BookEntry(reservation: r, customer: c, tableLabel: label)
    }

    static let entries = [
        entry(1, ana, table: 1, label: "T1", party: 2, from: (20, 0), to: (21, 30), .seated, seatedAt: at(20, 5), notes: "Anniversary: dessert with candle"),
        entry(2, muller, table: 2, label: "T2", party: 4, from: (19, 0), to: (21, 0), .seated, seatedAt: at(19, 5)),
        entry(3, wang, table: 3, label: "T3", party: 3, from: (21, 30), to: (23, 30), .confirmed),
        entry(4, zoe, table: 4, label: "T4", party: 5, from: (21, 0), to: (23, 30), .confirmed),
        entry(5, smith, table: 5, label: "T5", party: 2, from: (22, 0), to: (23, 30), .pending),
        entry(6, rossi, table: 10, label: "T10", party: 4, from: (13, 30), to: (15, 30), .completed),
        entry(7, dupont, table: 10, label: "T10", party: 2, from: (21, 0), to: (22, 30), .cancelled),
        entry(8, ana, table: 20, label: "B1", party: 1, from: (13, 0), to: (14, 30), .completed),
    ]

    static let lease = LeaseInfo(token: "lease-ana", tableID: 6, start: at(21, 30), end: at(23, 30), holder: "Ana", expiresAt: at(21, 11))

    static let waitlist = [
        WaitlistEntry(id: 1, restaurantID: 1, name: "Pérez", phone: "+34633444555", partySize: 2, quotedMinutes: 20,
                      status: .waiting, createdAt: at(21, 0)),
    ]

    static func sheet(date d: LocalDate = date) -> DaySheet {
        DaySheet(restaurant: restaurant, date: d,
                 windows: [ServiceWindow(name: "lunch", opens: at(13, 0, on: d), closes: at(16, 0, on: d)),
                           ServiceWindow(name: "dinner", opens: at(19, 0, on: d), closes: at(23, 30, on: d))],
                 closure: nil, areas: areas, tables: tables, entries: d == date ? entries : [], waitlist: d == date ? waitlist : [],
                 leases: [lease], loadedAt: now)
    }

    static let health = Health(database: true, redis: true, daemonHeartbeat: now.addingTimeInterval(-20))

    /// Signed in, day loaded, health known.
    static func state(width: Int = 80, height: Int = 24, readOnly: Bool = false, ascii: Bool = false) -> AppState {
        var s = AppState(config: UIConfig(restaurantID: 1, readOnly: readOnly, ascii: ascii), now: now,
                         size: Size(width: width, height: height), staff: staff)
        s = update(s, .dayLoaded(sheet())).0
        s = update(s, .healthChanged(health)).0
        s = update(s, .liveUpdates(true)).0
        return s
    }

    static func send(_ s: AppState, _ msgs: Msg...) -> (AppState, [Effect]) {
        var st = s
        var all: [Effect] = []
        for m in msgs {
            let (n, fx) = update(st, m)
            st = n
            all += fx
        }
        return (st, all)
    }

    static func keys(_ s: AppState, _ text: String) -> (AppState, [Effect]) {
        var st = s
        var all: [Effect] = []
        for c in text {
            let (n, fx) = update(st, .key(.char(c)))
            st = n
            all += fx
        }
        return (st, all)
    }

    /// Special keys in order (arrows, Tab, Enter), as `keys` sends typed text.
    static func press(_ s: AppState, _ keys: Key...) -> (AppState, [Effect]) {
        var st = s
        var all: [Effect] = []
        for k in keys {
            let (n, fx) = update(st, .key(k))
            st = n
            all += fx
        }
        return (st, all)
    }

    /// The booking form, when it is the open overlay.
    static func bookingForm(_ s: AppState) -> BookingForm? {
        if case .booking(let f) = s.overlay { return f }
        return nil
    }

    /// The guest of the booking among `fx`, if one was asked for.
    static func bookedGuest(_ fx: [Effect]) -> GuestInput? {
        for e in fx { if case .book(let r) = e { return r.guest } }
        return nil
    }
}
