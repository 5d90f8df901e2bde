import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

extension FloorFileTests {
    static func withCombination(_ body: String) -> String {
        base + "\n\n[[combinations]]\ntables = [\"T3\", \"T4\"]\n\n[[combinations]]\n" + body + "\n"
    }

    @Test("combinations: unknown tables, a table twice, tables of two areas, one table, a set twice, covers are refused with the line")
    func combinations() throws {
        #expect(try FloorFile.parse(Self.withCombination("tables = [\"T1\", \"T2\"]\nmin = 3\nmax = 4")).validate().isEmpty)
        let unknown = Self.withCombination("tables = [\"T1\", \"T9\"]")
        Self.expectRefused(unknown, line: Self.line(unknown, "\"T9\""), ["combinations[1].tables", "no table \"T9\""])
        let twice = Self.withCombination("tables = [\"T1\", \"t1\"]")
        Self.expectRefused(twice, line: Self.line(twice, "\"t1\""), ["table T1 is listed twice"])
        let areas = Self.withCombination("tables = [\"T1\", \"P1\"]")
        Self.expectRefused(areas, line: Self.line(areas, "[\"T1\", \"P1\"]"), ["P1 is in Terraza", "T1 in Sala", "one area"])
        let one = Self.withCombination("tables = [\"T1\"]")
        Self.expectRefused(one, line: Self.line(one, "tables = [\"T1\"]"), ["joins 2 to 8 tables, not 1"])
        let again = Self.withCombination("tables = [\"T4\", \"T3\"]")
        Self.expectRefused(again, line: Self.line(again, "[\"T4\", \"T3\"]"),
                           ["T4+T3 is already given at line \(Self.line(again, "[\"T3\", \"T4\"]") - 1)"])
        let covers = Self.withCombination("tables = [\"T1\", \"T2\"]\nmin = 5")
        Self.expectRefused(covers, line: Self.line(covers, "min = 5"), ["min (5) is larger than max (4)"])
        let range = Self.withCombination("tables = [\"T1\", \"T2\"]\nmax = 500")
        Self.expectRefused(range, line: Self.line(range, "max = 500"), ["500 is out of range"])
        let typo = Self.withCombination("tables = [\"T1\", \"T2\"]\nmaxx = 4")
        Self.expectRefused(typo, line: Self.line(typo, "maxx"), ["unknown key maxx", "did you mean max?"])
        let notList = Self.withCombination("tables = \"T1+T2\"")
        Self.expectRefused(notList, line: Self.line(notList, "\"T1+T2\""), ["a list of table labels"])
    }
}
