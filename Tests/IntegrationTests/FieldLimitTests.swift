import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// Length limits are checked by the core, before the database, counting what the database counts too:
/// the CHECK constraints (length() in code points) are never the first to refuse.
@Suite("Field limits before the database")
struct FieldLimitTests {
    static let zalgoName = "A" + String(repeating: "\u{301}", count: 5_000)

    func expectReadable(_ message: String?, max: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(message?.contains("at most \(max) characters") == true, "\(message ?? "nil")", sourceLocation: sourceLocation)
        #expect(message?.contains("database") == false, "\(message ?? "nil")", sourceLocation: sourceLocation)
    }

    @Test("one letter and 5,000 combining marks: refused with the field named, in words a host understands")
    func combiningMarks() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 20, 0))
        let r = try t.venue()
        try t.expectNothingWritten {
            expectReadable(expectInvalid("name") { _ = try t.book.book(Fixtures.request(r, time: Fixtures.time(21), name: Self.zalgoName), actor: t.host) }, max: 100)
            expectReadable(expectInvalid("notes") {
                _ = try t.book.book(Fixtures.request(r, time: Fixtures.time(21), notes: "x" + String(repeating: "\u{301}", count: 600)), actor: t.host)
            }, max: 500)
            expectReadable(expectInvalid("name") { _ = try t.book.walkIn(restaurantID: r.id, party: 2, name: Self.zalgoName, actor: t.host) }, max: 100)
            expectReadable(expectInvalid("name") { _ = try t.book.addToWaitlist(restaurantID: r.id, name: Self.zalgoName, phone: nil, party: 2, actor: t.host) }, max: 100)
            expectReadable(expectInvalid("notes") {
                _ = try t.book.addToWaitlist(restaurantID: r.id, name: "Ana", phone: nil, party: 2, notes: "y" + String(repeating: "\u{308}", count: 501), actor: t.host)
            }, max: 500)
        }
        expectReadable(expectInvalid("display name") {
            _ = try t.book.addStaff(username: "zalgo", displayName: "Z" + String(repeating: "\u{301}", count: 60), role: .host,
                                    password: "a-long-password", actor: t.admin)
        }, max: 60)
        // Right at the limit in code points is fine: 50 letters with an accent mark each (100 code points).
        let accented = String(repeating: "e\u{301}", count: 50)
        let ok = try t.book.book(Fixtures.request(r, time: Fixtures.time(21), name: accented), actor: t.host)
        #expect(ok.entry.customer.name == accented)
    }
}
