import Foundation
import Testing
@testable import ReservationDomain

/// Every `--json` shape and the API's main ones, encoded from fixed values and compared byte for byte with
/// the files in `Golden/`. A field renamed, dropped or turned from null into absent fails here before a
/// script that reads it does. After an intended change: `GOLDEN_UPDATE=1 swift test --filter WireGolden`,
/// then review the diff of `Golden/` like any other change.
@Suite("Wire shapes (golden files)")
struct WireGoldenTests {
    static let clock = ZonedClock(identifier: "Europe/Madrid")!
    static let at = ISO8601DateFormatter().date(from: "2026-05-13T19:30:00Z")!
    static let venue = Restaurant(id: 7, slug: "bistro", name: "Bistro Ruiz", timeZone: "Europe/Madrid", phone: "+34910000000",
                                  email: "hola@bistro.example", address: "Calle Mayor 1", description: "", phoneCountryCode: "34",
                                  rules: BookingRules())
    static let guest = Customer(id: 41, restaurantID: 7, name: "García López, Ana", phone: "+34600123456", email: "ana@example.com",
                                allergies: "nuts", tags: ["vip", "regular", "allergen:sesame"], visits: 3, language: "en")
    static func entry(status: ReservationStatus = .confirmed, expires: Date? = nil, email: String? = "ana@example.com") -> BookEntry {
        var c = guest
        c.email = email
        let r = Reservation(id: UUID(uuidString: "0B7C4B9E-2F1D-4C3A-9E8F-1A2B3C4D5E6F")!, restaurantID: 7, tableID: 12, customerID: 41,
                            partySize: 4, startsAt: at, endsAt: at.addingTimeInterval(5400), status: status, source: .phone,
                            expiresAt: expires, notes: "window, \"birthday\"", createdBy: "host",
                            createdAt: at.addingTimeInterval(-86400), updatedAt: at.addingTimeInterval(-3600))
        return BookEntry(reservation: r, customer: c, tableLabel: "T12")
    }
    static let waiting = WaitlistEntry(id: 5, restaurantID: 7, name: "Pérez", phone: nil, partySize: 2, quotedMinutes: 25,
                                       status: .waiting, createdAt: at)

    static func golden(_ name: String, _ value: some Encodable, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name).json")
        let actual = try JSONText.encode(value) + "\n"
        if ProcessInfo.processInfo.environment["GOLDEN_UPDATE"] == "1" {
            try actual.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(actual == expected, "\(name).json differs; actual:\n\(actual)", sourceLocation: sourceLocation)
    }

    @Test func reservation() throws {
        try Self.golden("cli-reservation", CLIWire.Reservation(Self.entry(), clock: Self.clock))
        // A hold carries expires_at; a guest without e-mail has no email field.
        try Self.golden("cli-reservation-hold", CLIWire.Reservation(Self.entry(status: .pending, expires: Self.at.addingTimeInterval(-1800), email: nil),
                                                                    clock: Self.clock))
        // A booking on joined tables lists them all; `table` stays the first.
        var joined = Self.entry()
        joined.reservation.joinedTableIDs = [13]
        joined.tableLabels = ["T12", "T13"]
        try Self.golden("cli-reservation-joined", CLIWire.Reservation(joined, clock: Self.clock))
    }

    @Test func bookingAnswers() throws {
        let other = Self.entry(status: .confirmed)
        try Self.golden("cli-booked", CLIWire.Booked(BookingOutcome(entry: Self.entry(), degraded: true), sameDay: [other], clock: Self.clock))
        try Self.golden("cli-walk-in-seated", CLIWire.Seated(Self.entry(status: .seated), clock: Self.clock))
        try Self.golden("cli-history", [CLIWire.HistoryEvent(HistoryEvent(at: Self.at, actor: "Marta Vidal", action: "change",
                                                                          changes: ["T4 → T7", "20:00-21:30 → 20:30-22:00"]), clock: Self.clock)])
        let audit = AuditRecord(id: 41, at: Self.at, restaurantID: 1, actor: "Marta Vidal", action: "change", entity: "reservation",
                                entityID: "0c4f2a9e-6d0b-4d6e-9a51-3e2f6a7b8c9d", changes: ["T4 → T7"], osAccount: "podium",
                                dbRole: "reservaflow_app", cursor: AuditCursor(at: "2026-12-18 19:02:00+00", id: 41))
        try Self.golden("cli-audit", [CLIWire.AuditEntry(audit, venue: "casa-lucia", clock: Self.clock)])
        try Self.golden("cli-seating-withdrawn", CLIWire.Withdrawn(Self.entry(status: .seated), waitlist: Self.waiting, clock: Self.clock))
        try Self.golden("cli-walk-in-waitlisted", CLIWire.Waitlisted(Self.waiting, clock: Self.clock))
        try Self.golden("cli-waitlist", [CLIWire.WaitlistEntry(Self.waiting, clock: Self.clock)])
        try Self.golden("cli-waitlist-change", CLIWire.WaitlistChange(Self.waiting))
    }

    /// Issue 8's podium shapes: a party told its table is ready and moved, a booking partly arrived, shift notes.
    @Test func podiumAnswers() throws {
        var told = Self.waiting
        told.status = .notified
        told.notifiedAt = Self.at.addingTimeInterval(600)
        told.position = 3
        try Self.golden("cli-waitlist-notified", CLIWire.WaitlistChange(told))
        try Self.golden("cli-waitlist-told", [CLIWire.WaitlistEntry(told, clock: Self.clock)])
        var partly = Self.entry()
        partly.reservation.arrival = .partial
        try Self.golden("cli-reservation-partly-arrived", CLIWire.Reservation(partly, clock: Self.clock))
        let day = LocalDate(year: 2026, month: 5, day: 13)!
        try Self.golden("cli-shift-note", CLIWire.ShiftNote(date: day, ShiftNote(restaurantID: 7, date: day, text: "VIP at T4 21:00 \"Ruiz\"",
                                                                                  updatedBy: "Marta (manager)", updatedAt: Self.at)))
        try Self.golden("cli-shift-note-none", CLIWire.ShiftNote(date: day, nil))
    }

    @Test func venueAnswers() throws {
        let t = DiningTable(id: 12, areaID: 1, label: "T12", minCovers: 2, maxCovers: 4, features: [.window, .accessible])
        try Self.golden("cli-tables", [CLIWire.Table(t, area: "Terrace")])
        let slots = [Slot(time: TimeOfDay(hour: 21, minute: 30)!, start: Self.at, service: "dinner", tables: [t]),
                     Slot(time: TimeOfDay(hour: 21, minute: 45)!, start: Self.at.addingTimeInterval(900), service: "dinner", tables: []),
                     Slot(time: TimeOfDay(hour: 22, minute: 0)!, start: Self.at.addingTimeInterval(1800), service: "dinner", tables: [],
                          combinations: [TableCombination(id: 1, tableIDs: [12, 13], labels: ["T12", "T13"], minCovers: 7, maxCovers: 10)])]
        try Self.golden("cli-availability", CLIWire.Availability(AvailabilityResult(date: LocalDate(iso: "2026-05-13")!, partySize: 4,
                                                                                    turnMinutes: 90, slots: slots)))
        try Self.golden("cli-floor-import", CLIWire.FloorImported(restaurant: "bistro", activeTables: 40, warnings: ["T9 has no area"]))
    }

    @Test func pacingAndGuestAnswers() throws {
        let slots = [Self.at, Self.at.addingTimeInterval(900), Self.at.addingTimeInterval(1800)]
        let pacing = Pacing(limit: 24, covers: [Self.at: 22, Self.at.addingTimeInterval(900): 26])
        try Self.golden("cli-pacing", CLIWire.PacingDay(date: LocalDate(iso: "2026-05-13")!, pacing: pacing, slots: slots, clock: Self.clock))
        try Self.golden("cli-pacing-no-limit", CLIWire.PacingDay(date: LocalDate(iso: "2026-05-13")!, pacing: Pacing(limit: nil, covers: [:]),
                                                                 slots: [Self.at], clock: Self.clock))
        try Self.golden("cli-guest-profile", CLIWire.GuestProfile(Self.guest))
        var other = Self.guest
        other.id = 42
        other.name = "garcia lopez, ana"
        other.phone = "+34600123457"
        other.email = nil
        try Self.golden("cli-guest-duplicates", [CLIWire.DuplicatePair(GuestDuplicate(guest: Self.guest, other: other, reason: .nameAndPhone))])
        try Self.golden("cli-guest-merge", CLIWire.Merged(GuestMerge(kept: 41, dropped: 42, reservations: 3, waitlist: 1, accountMoved: true,
                                                                     filled: ["email"], guest: Self.guest)))
        try Self.golden("api-error-pacing", ReservationError.overPacing(slot: "21:30", covers: 22, limit: 24, party: 4,
                                                                       alternatives: ["21:15", "21:45"]).answer.body)
    }

    @Test func operatorAnswers() throws {
        try Self.golden("cli-migrate", CLIWire.Migrated(applied: [6, 7], version: 7))
        try Self.golden("cli-seed", CLIWire.Seeded(reservations: 120, customers: 80))
        try Self.golden("cli-seed-exists", CLIWire.Seeded.alreadyThere)
        try Self.golden("cli-staff", [CLIWire.Staff(StaffMember(id: 3, username: "nuria", displayName: "Núria", role: .manager), venues: ["casa-lucia", "la-terraza"])])
        try Self.golden("cli-done", CLIWire.Done())
        try Self.golden("cli-config", ["database": CLIWire.Setting(url: "postgresql://reservaflow:***@127.0.0.1:5432/reservaflow", from: "env")])
        let beat = DaemonInstance(instance: "d1", hostname: "podium", pid: 4242, version: "1.0", startedAt: Self.at.addingTimeInterval(-600),
                                  beatAt: Self.at.addingTimeInterval(-5))
        try Self.golden("cli-status", CLIWire.Status(health: Health(database: true, redis: false, daemonHeartbeat: nil),
                                                      instances: [beat], outbox: ["scheduled": 2, "discarded": 0], nextHoldExpiry: nil, now: Self.at))
        let mail = OutboxEntry(id: 9, restaurantID: 7, kind: .confirmation, recipient: "ana@example.com", status: .retryable, attempts: 2,
                               maxAttempts: 8, scheduledFor: Self.at, messageID: "<9@reservaflow>")
        try Self.golden("cli-outbox", [CLIWire.OutboxEntry(mail)])
    }

    @Test func apiShapes() throws {
        try Self.golden("api-reservation", APIWire.ReservationDetail(Self.entry(status: .pending, expires: Self.at), Self.venue,
                                                                    message: "Reserva creada"))
        try Self.golden("api-page", APIWire.Page(count: 1, next: nil, previous: nil, results: [APIWire.Customer(Self.guest)]))
        try Self.golden("api-customer-profile", APIWire.CustomerProfile(Self.guest))
        try Self.golden("api-error", ReservationError.tableTaken(table: "T12", from: "21:30", to: "23:00", guest: "Ruiz").answer.body)
    }
}
