import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain
@testable import ReservationNative

/// The hand-written formatting and parsing on the booking and availability paths must write and read exactly
/// what Foundation's did.
@Suite("Formatting without Foundation's formatter")
struct FormattingTests {
    @Test("dates, times and uuids print as before")
    func printing() {
        #expect(LocalDate(year: 2026, month: 5, day: 3)!.description == String(format: "%04d-%02d-%02d", 2026, 5, 3))
        #expect(TimeOfDay(hour: 7, minute: 5)!.description == "07:05")
        #expect(TimeOfDay(hour: 23, minute: 59)!.description == "23:59")
        #expect(Digits.padded(-7, 3) == "-007")
        #expect(Digits.hex([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        for _ in 0..<200 {
            let id = UUID()
            #expect(id.lowercasedString == id.uuidString.lowercased())
        }
    }

    @Test("timestamps go to PostgreSQL as %.6f did", arguments: [0.0, 1_778_864_400, 1_778_864_400.5, 1_778_864_400.123456, 1_778_864_400.1234567, -1.25, 86_399.999999, 0.000001])
    func seconds(value: Double) {
        #expect(Digits.seconds(value) == String(format: "%.6f", value))
    }

    @Test("epoch seconds read back as Double(text) reads them", arguments: ["1778864400.000000", "1778864400", "1778864400.5", "-1.250000", "0.000001", "1e3", "1778864400.1234567", "", "x", "12.3.4", "9999999999999.999999"])
    func parsing(text: String) {
        let fast = PGRow.seconds(text)
        let slow = Double(text)
        #expect(fast == slow, "\(text)")
    }
}
