import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain
import ReservationNative

/// Issue 21: a manager could see a guest's allergies but record one nowhere. A guest's profile is edited
/// through the core, checked as a new guest's details are, audited, and refused when the phone is another
/// guest's, naming them.
@Suite("Editing a guest's profile")
struct GuestEditTests {
    @Test("allergies, tags, VIP and e-mail saved, audited as guest_edit; nil leaves a field, empty clears it")
    func edit() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 12, 0))
        let r = try t.venue()
        let e = try t.book.book(Fixtures.request(r, time: Fixtures.time(20)), actor: t.host).entry
        let g = try t.book.updateGuest(e.customer.id, GuestUpdate(email: "nora@example.com", allergies: "shellfish", tags: ["VIP", "vip", "regular"],
                                                                  marketingConsent: true), actor: t.host)
        #expect(g.allergies == "shellfish" && g.tags == ["VIP", "regular"] && g.isVIP && g.marketingConsent && g.email == "nora@example.com")
        #expect(g.name == e.customer.name && g.phone == e.customer.phone, "untouched fields stay")
        let cleared = try t.book.updateGuest(e.customer.id, GuestUpdate(email: " ", allergies: ""), actor: t.host)
        #expect(cleared.email == nil && cleared.allergies == "" && cleared.tags == ["VIP", "regular"])
        let audit = try #require(try t.sql.queryOne("""
            SELECT action, actor, before->>'allergies' AS b, after->>'allergies' AS a FROM audit_log
            WHERE entity = 'customer' AND entity_id = $1 AND action = 'guest_edit' ORDER BY id LIMIT 1
            """, [String(e.customer.id)]))
        #expect(try audit.string("actor") == "Ana" && audit.string("b") == "" && audit.string("a") == "shellfish")
        // The day sheet (what every terminal reloads) shows the allergy at once.
        _ = try t.book.updateGuest(e.customer.id, GuestUpdate(allergies: "gluten"), actor: t.host)
        let sheet = try t.book.daySheet(restaurantID: r.id, date: Fixtures.friday)
        #expect(sheet.entries.first { $0.id == e.id }?.customer.allergies == "gluten")
    }

    @Test("bad input is refused by field and writes nothing; another guest's phone is refused naming them")
    func refusals() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 12, 0))
        let r = try t.venue()
        let a = try t.book.book(Fixtures.request(r, time: Fixtures.time(20), name: "Nora", phone: "611 000 111"), actor: t.host).entry
        let b = try t.book.book(Fixtures.request(r, table: "T4", time: Fixtures.time(21), name: "Pau", phone: "611 000 222"), actor: t.host).entry
        #expect(expectInvalid("email") { _ = try t.book.updateGuest(a.customer.id, GuestUpdate(email: "not-an-address"), actor: t.host) } != nil)
        #expect(expectInvalid("allergies") {
            _ = try t.book.updateGuest(a.customer.id, GuestUpdate(allergies: String(repeating: "x", count: 301)), actor: t.host)
        } != nil)
        #expect(expectInvalid("tags") {
            _ = try t.book.updateGuest(a.customer.id, GuestUpdate(tags: (1...21).map { "t\($0)" }), actor: t.host)
        } != nil)
        let taken = expectInvalid("phone") { _ = try t.book.updateGuest(a.customer.id, GuestUpdate(phone: "611000222"), actor: t.host) }
        #expect(taken?.contains("already Pau's (guest \(b.customer.id))") == true && taken?.contains("guest merge \(b.customer.id) \(a.customer.id)") == true, "\(taken ?? "")")
        #expect(try t.book.customer(id: a.customer.id).phone == a.customer.phone, "nothing written")
        #expect(try t.count("audit_log", where: "action = 'guest_edit'") == 0)
    }

    @Test("the database keeps the lengths and the phone's form whoever writes")
    func databaseRules() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 12, 0))
        let r = try t.venue()
        let a = try t.book.book(Fixtures.request(r, time: Fixtures.time(20)), actor: t.host).entry
        let app = try PGConnection(url: t.databaseURL)
        #expect(throws: PGError.self) { try app.query("UPDATE customers SET allergies = repeat('x', 301) WHERE id = $1", [a.customer.id]) }
        #expect(throws: PGError.self) { try app.query("UPDATE customers SET phone = '611000111' WHERE id = $1", [a.customer.id]) }
        // Allergen flags: the fourteen the regulation names, whoever writes; any other tag as it was.
        #expect(throws: PGError.self) { try app.query("UPDATE customers SET tags = '{allergen:garlic}' WHERE id = $1", [a.customer.id]) }
        let every = "{" + Allergen.allCases.map(\.tag).joined(separator: ",") + ",regular}"
        try app.query("UPDATE customers SET tags = $2::text[] WHERE id = $1", [a.customer.id, every])
        #expect(try t.book.customer(id: a.customer.id).allergens == Allergen.allCases)
    }

    @Test("allergen flags through the core: kept beside VIP and typed tags, an unknown one refused, shown as the allergy")
    func allergenFlags() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 12, 0))
        let r = try t.venue()
        let e = try t.book.book(Fixtures.request(r, time: Fixtures.time(20)), actor: t.host).entry
        var u = GuestUpdate()
        u.setTypedTags(["regular"], current: e.customer.tags)
        u.setVIP(true, current: e.customer.tags)
        u.setAllergens([.sesame, .gluten], current: e.customer.tags)
        let g = try t.book.updateGuest(e.customer.id, u, actor: t.host)
        #expect(g.allergens == [.gluten, .sesame] && g.isVIP && g.typedTags == ["regular"] && g.allergyText == "Gluten; Sesame")
        var typed = GuestUpdate()
        typed.setTypedTags(["window"], current: g.tags)
        let kept = try t.book.updateGuest(e.customer.id, typed, actor: t.host)
        #expect(kept.allergens == [.gluten, .sesame] && kept.isVIP && kept.typedTags == ["window"], "typed tags leave the flags alone")
        #expect(expectInvalid("allergens") { _ = try t.book.updateGuest(e.customer.id, GuestUpdate(tags: ["allergen:garlic"]), actor: t.host) } != nil)
        #expect(expectInvalid("allergens") { _ = try Allergen.parse(["gluten", "garlic"]) }?.contains("garlic") == true)
        let sheet = try t.book.daySheet(restaurantID: r.id, date: Fixtures.friday)
        #expect(sheet.entries.first { $0.id == e.id }?.customer.allergyText == "Gluten; Sesame")
    }

    @Test("a guest's language: set, refused when no template has it, cleared back to the venue's; their mails go in it")
    func language() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 12, 0))
        let r = try t.venue()
        let e = try t.book.book(Fixtures.request(r, time: Fixtures.time(20)), actor: t.host).entry
        #expect(try t.book.updateGuest(e.customer.id, GuestUpdate(language: "EN"), actor: t.host).language == "en")
        #expect(expectInvalid("language") { _ = try t.book.updateGuest(e.customer.id, GuestUpdate(language: "fr"), actor: t.host) }?.contains("es or en") == true)
        let jobs = try t.book(as: .daemon).claimNotifications(instance: "lang-test", limit: 10, lease: 60)
        #expect(!jobs.isEmpty && jobs.allSatisfy { $0.language == "en" }, "\(jobs.map(\.language))")
        #expect(try t.book.updateGuest(e.customer.id, GuestUpdate(language: ""), actor: t.host).language == nil)
        let app = try PGConnection(url: t.databaseURL)
        #expect(throws: PGError.self) { try app.query("UPDATE customers SET language = 'fr' WHERE id = $1", [e.customer.id]) }
    }
}
