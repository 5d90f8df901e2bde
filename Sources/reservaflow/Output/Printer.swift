import Foundation
import ReservaFlowUI
import ReservationCore

/// Human tables or JSON, one place for both.
enum Printer {
    static func json(_ value: Any) {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys])) ?? Data("null".utf8)
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }

    static func line(_ text: String) { print(text) }

    /// Left-aligned columns, widths by the widest cell as the terminal shows it (山田 takes four columns).
    static func table(_ header: [String], _ rows: [[String]]) {
        let widths = header.indices.map { i in ([header[i]] + rows.map { $0[i] }).map(\.displayWidth).max() ?? 0 }
        func render(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in c + String(repeating: " ", count: max(0, widths[i] - c.displayWidth)) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        print(render(header))
        for r in rows { print(render(r)) }
    }

    static func entryDict(_ e: BookEntry, clock: ZonedClock) -> [String: Any] {
        let r = e.reservation
        let (date, time) = clock.localParts(of: r.startsAt)
        var d: [String: Any] = [
            "id": r.id.uuidString.lowercased(), "status": r.status.rawValue, "table": e.tableLabel,
            "party_size": r.partySize, "reservation_date": date.description, "reservation_time": time.description,
            "starts_at": iso(r.startsAt), "ends_at": iso(r.endsAt), "guest": e.customer.name, "phone": e.customer.phone,
            "source": r.source.rawValue, "notes": r.notes,
        ]
        if let x = r.expiresAt { d["expires_at"] = iso(x) }
        if let m = e.customer.email { d["email"] = m }
        return d
    }

    static func entryRow(_ e: BookEntry, clock: ZonedClock) -> [String] {
        let r = e.reservation
        var flags: [String] = []
        if e.customer.isVIP { flags.append("VIP") }
        if !e.customer.allergies.isEmpty { flags.append("ALLERGY: " + e.customer.allergies) }
        return [r.shortID, clock.hhmm(r.startsAt) + "-" + clock.hhmm(r.endsAt), e.tableLabel, String(r.partySize),
                r.status.label, e.customer.name, e.customer.phone, flags.joined(separator: " ")]
    }

    static func iso(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        return f.string(from: d)
    }
}
