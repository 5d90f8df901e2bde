import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

private let day = LocalDate(iso: "2026-05-15")!
private func instant(_ iso: String) -> Date { ISO8601DateFormatter().date(from: iso)! }

@Suite("Lease entries")
struct LeaseDecodeTests {
    @Test("the stored entry decodes, holder last so it may contain the separator")
    func decode() throws {
        let lease = try #require(RedisLeases.decode(token: "tok", value: "12|1778864400000|1778871600000|1778860000123|Ana|bar|🍷"))
        #expect(lease == LeaseInfo(token: "tok", tableID: 12, start: instant("2026-05-15T17:00:00Z"), end: instant("2026-05-15T19:00:00Z"),
                                   holder: "Ana|bar|🍷", expiresAt: Date(timeIntervalSince1970: 1_778_860_000.123)))
        #expect(RedisLeases.decode(token: "t", value: "12|1|2|3|")?.holder == "")
    }

    @Test("malformed entries are refused", arguments: ["", "12|1|2|3", "x|1|2|3|Ana", "12|a|2|3|Ana", "12|1|2|b|Ana", "garbage"])
    func malformed(value: String) {
        #expect(RedisLeases.decode(token: "t", value: value) == nil)
    }

    @Test("keys carry the database name and the venue")
    func keys() {
        #expect(RedisLeases.key("rf_demo", 7) == "rf:rf_demo:{7}:leases")
        #expect(AvailabilityCache.entryKey("rf_demo", 7, version: "3.12", date: day, party: 4) == "rf:rf_demo:{7}:avail:3.12:2026-05-15:4")
    }
}

@Suite("Availability cache entries")
struct AvailabilityCacheCodecTests {
    let t1 = DiningTable(id: 1, areaID: 1, label: "T1", minCovers: 1, maxCovers: 2), t2 = DiningTable(id: 2, areaID: 1, label: "T2", minCovers: 1, maxCovers: 2), t3 = DiningTable(id: 3, areaID: 1, label: "T3", minCovers: 2, maxCovers: 4)
    var byID: [TableID: DiningTable] { [1: t1, 2: t2, 3: t3] }
    let now = instant("2026-05-13T10:00:00Z")

    var sample: AvailabilityResult {
        AvailabilityResult(date: day, partySize: 2, turnMinutes: 90, slots: [
            Slot(time: TimeOfDay(hour: 13, minute: 0)!, start: instant("2026-05-15T11:00:00Z"), service: "lunch", tables: [t1, t3]),
            Slot(time: TimeOfDay(hour: 13, minute: 15)!, start: instant("2026-05-15T11:15:00Z"), service: "lunch", tables: []),
            Slot(time: TimeOfDay(hour: 1, minute: 45)!, start: Date(timeIntervalSince1970: 1_778_803_123.456789), service: "late night service", tables: [t2]),
        ])
    }

    @Test("encode then decode gives back exactly the same result")
    func roundTrip() {
        let text = AvailabilityCache.encode(sample, validUntil: now.addingTimeInterval(30))
        #expect(AvailabilityCache.decode(text, date: sample.date, party: 2, tables: byID, now: now) == sample)
        let empty = AvailabilityResult(date: sample.date, partySize: 6, turnMinutes: 150, slots: [])
        #expect(AvailabilityCache.decode(AvailabilityCache.encode(empty, validUntil: now.addingTimeInterval(30)),
                                         date: empty.date, party: 6, tables: byID, now: now) == empty)
    }

    @Test("an entry is refused once its time is up, or when a table it names changed")
    func invalidation() {
        let text = AvailabilityCache.encode(sample, validUntil: now.addingTimeInterval(30))
        #expect(AvailabilityCache.decode(text, date: sample.date, party: 2, tables: byID, now: now.addingTimeInterval(30)) == nil)
        #expect(AvailabilityCache.decode(text, date: sample.date, party: 2, tables: [1: t1, 2: t2], now: now) == nil)
        var inactive = t3
        inactive.active = false
        #expect(AvailabilityCache.decode(text, date: sample.date, party: 2, tables: [1: t1, 2: t2, 3: inactive], now: now) == nil)
    }

    @Test("garbage is refused, not trusted", arguments: ["", "not a header", "1e12", "1e12 90\nbroken", "1e12 90\n60 x lunch\t1", "1e12 90\n9999 1 lunch\t1"])
    func garbage(text: String) {
        #expect(AvailabilityCache.decode(text, date: day, party: 2, tables: byID, now: now) == nil)
    }
}
