import Foundation
import ReservationDomain

/// CSV (`CSV.row`: quoting, formulas neutralised) written to stdout as it goes, so a million rows take no
/// more memory than one.
struct CSVWriter {
    private var buffer = ""

    init(header: [String]) { row(header) }

    mutating func row(_ cells: [String]) {
        buffer += CSV.row(cells)
        if buffer.utf8.count >= 64 * 1024 { flush() }
    }

    mutating func flush() {
        FileHandle.standardOutput.write(Data(buffer.utf8))
        buffer = ""
    }
}

/// A JSON array written one element at a time (`[`, elements, `]`), for answers too long to hold at once.
struct JSONArrayWriter {
    private var first = true

    init() { FileHandle.standardOutput.write(Data("[\n".utf8)) }

    mutating func element(_ value: some Encodable) throws {
        let text = try JSONText.encode(value)
        FileHandle.standardOutput.write(Data(((first ? "" : ",\n") + text).utf8))
        first = false
    }

    func finish() { FileHandle.standardOutput.write(Data((first ? "]\n" : "\n]\n").utf8)) }
}
