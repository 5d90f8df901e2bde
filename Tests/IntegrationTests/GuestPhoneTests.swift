import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// Issue 8, item 6: a new name with a phone already on file is never silently booked under that guest.
@Suite("A known phone with another name", .serialized)
struct GuestPhoneTests {
    @Test("the core refuses with who the phone belongs to; that guest or a new number books")
    func core() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let marta = try t.book.book(Fixtures.request(r, table: "T1", party: 2, name: "Marta Vidal", phone: "611 22 33 44", email: nil), actor: t.host).entry
        try t.expectNothingWritten {
            #expect(throws: ReservationError.phoneBelongsToGuest(phone: "+34611223344", guest: "Marta Vidal", customerID: marta.customer.id, typedName: "Pedro Gil")) {
                try t.book.book(Fixtures.request(r, table: "T2", party: 2, name: "Pedro Gil", phone: "611 22 33 44", email: nil), actor: t.host)
            }
        }
        let refusal = ReservationError.phoneBelongsToGuest(phone: "+34611223344", guest: "Marta Vidal", customerID: 1, typedName: "Pedro Gil")
        #expect(refusal.answer.body.field == "phone" && refusal.exitCode == 2)
        #expect(refusal.description.contains("Marta Vidal") && refusal.description.contains("Pedro Gil another number"))
        // Her name as the host may type it books her; so does picking her; another number makes Pedro.
        for typed in ["marta vidal", "M. Vidal", "Marta"] {
            var again = Fixtures.request(r, table: "T2", party: 2, name: typed, phone: "611 22 33 44", email: nil)
            again.time = Fixtures.time(21)
            let e = try t.book.book(again, actor: t.host).entry
            #expect(e.customer.id == marta.customer.id)
            _ = try t.book.apply(.cancel, to: e.id, actor: t.host)
        }
        var picked = Fixtures.request(r, table: "T2", party: 2)
        picked.guest = .existing(marta.customer.id)
        #expect(try t.book.book(picked, actor: t.host).entry.customer.name == "Marta Vidal")
        let pedro = try t.book.book(Fixtures.request(r, table: "T3", party: 2, name: "Pedro Gil", phone: "611 22 33 55", email: nil), actor: t.host).entry
        #expect(pedro.customer.name == "Pedro Gil" && pedro.customer.id != marta.customer.id)
    }

    @Test("the command line says whose phone it is and exits 2")
    func commandLine() throws {
        let t = try TestEnv(now: Date())
        let r = try t.venue(Fixtures.floor(advanceDays: 400))
        let day = r.clock.localDate(of: Date()).adding(days: 7).description
        let base = ["book", "--restaurant", r.slug, "--date", day, "--party", "2", "--time", "21:00", "--json"]
        #expect(try CLITests.run(base + ["--table", "T1", "--name", "Ana Ruiz", "--phone", "600 123 456"], database: t.databaseURL).status == 0)
        let before = try t.writeCounts()
        let swap = try CLITests.run(base + ["--table", "T2", "--name", "Garcia", "--phone", "600123456"], database: t.databaseURL)
        #expect(swap.status == 2)
        #expect(swap.stderr.contains("Ana Ruiz"), "\(swap.stderr)")
        #expect(swap.object["field"] as? String == "phone")
        #expect(try t.writeCounts() == before)
    }

    @Test("names that could be the same person", arguments: [
        ("ana garcia", "Ana García", true), ("Ana", "García López, Ana", true), ("L. Garrido", "Lucía Garrido", true),
        ("ÁLVARO", "Alvaro Pérez", true), ("Pedro Gil", "Marta Vidal", false), ("Garcia", "Ana Ruiz", false), ("61", "Marta Vidal", false),
    ])
    func names(_ typed: String, _ onFile: String, _ same: Bool) {
        #expect(GuestNames.couldBe(typed, onFile: onFile) == same)
    }
}
