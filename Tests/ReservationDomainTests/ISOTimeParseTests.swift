import Foundation
import Testing
@testable import ReservationDomain

/// The audit log's timestamps as PostgreSQL writes them into JSON, read without a formatter per value.
@Suite struct ISOTimeParseTests {
    @Test("offsets, Z, fractions of a second, and what is not a timestamp", arguments: [
        ("2026-12-06T20:00:00+00:00", 1_796_587_200.0),
        ("2026-12-06T21:00:00+01:00", 1_796_587_200.0),
        ("2026-12-06T20:00:00Z", 1_796_587_200.0),
        ("2026-12-06T20:00:00.25+00:00", 1_796_587_200.25),
        ("2026-12-06T15:30:00.123456-04:30", 1_796_587_200.123456),
        ("1999-12-31T23:59:59+00", 946_684_799.0),
    ])
    func parses(_ text: String, _ epoch: Double) throws {
        let d = try #require(ISOTime.parse(text))
        #expect(abs(d.timeIntervalSince1970 - epoch) < 1e-6)
    }

    @Test func refuses() {
        for bad in ["", "2026-12-06", "2026-13-06T20:00:00Z", "2026-12-06T20:00:00", "2026-12-06T20:00:00+0100x", "2026-12-06T25:00:00Z", "garbage-and-more-text"] {
            #expect(ISOTime.parse(bad) == nil, "\(bad)")
        }
    }

    @Test("agrees with Foundation's formatter on every hour of a year")
    func agrees() {
        let f = ISO8601DateFormatter()
        for hour in stride(from: 0, to: 365 * 24, by: 7) {
            let d = Date(timeIntervalSince1970: 1_767_225_600 + Double(hour) * 3600)
            #expect(ISOTime.parse(f.string(from: d))?.timeIntervalSince1970 == d.timeIntervalSince1970)
        }
    }
}
