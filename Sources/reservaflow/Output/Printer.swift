import Foundation
import ReservaFlowUI
import ReservationCore
import ReservationDomain

/// Human tables or JSON, one place for both.
enum Printer {
    /// Writes a JSON answer (one of the `CLIWire` shapes) to stdout, escaped by `JSONText`.
    static func json(_ value: some Encodable) throws {
        let text = try JSONText.encode(value)
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Reports an error the one way every command does: the message on stderr, and with `--json` the
    /// error body on stdout; then exits with the documented code.
    static func fail(_ answer: ErrorAnswer, json: Bool, text: String? = nil) -> Never {
        let message = text ?? "reservaflow: " + answer.body.error
        FileHandle.standardError.write(Data((safe(message) + "\n").utf8))
        if json {
            guard let body = try? JSONText.encode(answer.body) else {
                // Four plain fields always encode; should that ever fail, say so rather than print nothing.
                let fallback = #"{"code": "internal", "error": "the error could not be written as JSON", "exit_code": 1, "field": null}"#
                FileHandle.standardOutput.write(Data((fallback + "\n").utf8))
                exit(1)
            }
            FileHandle.standardOutput.write(Data((body + "\n").utf8))
        }
        exit(answer.exitCode)
    }

    /// Every human line and table cell goes through TextSanitizer on its way out: names and notes may have
    /// reached the database another way (raw SQL, an import) and must not put escape sequences, control
    /// characters or bidi overrides on an operator's terminal. Line breaks the program itself writes stay.
    static func safe(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { keepingEdges(String($0), leading: true, trailing: false) }
            .joined(separator: "\n")
    }

    /// `TextSanitizer.clean`, which also trims, with the spaces at the edges kept (indentation, and the
    /// spaces around a quoted part of a message).
    static func keepingEdges(_ text: String, leading: Bool = true, trailing: Bool = true) -> String {
        let lead = leading ? String(text.prefix { $0 == " " }) : ""
        let trail = trailing ? String(text.reversed().prefix { $0 == " " }) : ""
        let core = TextSanitizer.clean(text)
        return core.isEmpty ? lead : lead + core + trail
    }

    static func line(_ text: String) { print(safe(text)) }

    /// Left-aligned columns, widths by the widest cell as the terminal shows it (山田 takes four columns).
    static func table(_ header: [String], _ rawRows: [[String]]) {
        let rows = rawRows.map { $0.map(TextSanitizer.clean) }
        let widths = header.indices.map { i in ([header[i]] + rows.map { $0[i] }).map(\.displayWidth).max() ?? 0 }
        func render(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in c + String(repeating: " ", count: max(0, widths[i] - c.displayWidth)) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        print(render(header))
        for r in rows { print(render(r)) }
    }

    static func entryRow(_ e: BookEntry, clock: ZonedClock) -> [String] {
        let r = e.reservation
        var flags: [String] = []
        if e.customer.isVIP { flags.append("VIP") }
        if !e.customer.allergyText.isEmpty { flags.append("ALLERGY: " + e.customer.allergyText) }
        return [r.shortID, clock.hhmm(r.startsAt) + "-" + clock.hhmm(r.endsAt), e.seatLabel, String(r.partySize),
                r.status.label, e.customer.name, e.customer.phone, flags.joined(separator: " ")]
    }

    static func iso(_ d: Date) -> String { ISOTime.utc(d) }
}
