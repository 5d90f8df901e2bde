import Testing
@testable import ReservationDomain

@Suite struct CSVTests {
    @Test("quoted only where needed, quotes doubled, CRLF rows; a line break in a cell becomes a space")
    func quoting() {
        #expect(CSV.row(["a", "b c", "x,y", "say \"hi\"", "two\nlines"]) == "a,b c,\"x,y\",\"say \"\"hi\"\"\",two lines\r\n")
    }

    @Test("a cell a spreadsheet would run as a formula is written as text")
    func formulas() {
        #expect(CSV.field("=HYPERLINK(\"http://x\",\"y\")") == "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")
        #expect(CSV.field("+34 600") == "'+34 600" && CSV.field("-1") == "'-1" && CSV.field("@x") == "'@x")
        #expect(CSV.field("García") == "García")
    }

    @Test("control characters never reach the file")
    func control() {
        #expect(!CSV.field("a\u{1B}[31mb\u{7}").contains { $0 == "\u{1B}" || $0 == "\u{7}" })
    }
}
