import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

@Suite("Guest search")
struct CustomerSearchTests {
    @Test("by name fragment and by phone in national or international form, within one venue")
    func search() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let other = try t.venue(Fixtures.floor(slug: "otra"))
        let guests = [("María García", "600 12 34 56"), ("Mario Ruiz", "611 111 111"), ("Ana Gómez", "622 222 222"),
                      ("John Smith", "+44 7700 900123"), ("50% Off Club", "633 333 333")]
        for (i, (name, phone)) in guests.enumerated() {
            _ = try t.book.book(Fixtures.request(r, table: nil, time: Fixtures.time(i < 4 ? 13 : 19), party: 2, name: name, phone: phone,
                                                 email: nil), actor: t.host)
        }
        _ = try t.book.book(Fixtures.request(other, name: "Mario Otro", phone: "611 111 111"), actor: t.host)

        func names(_ fragment: String, in venue: Restaurant? = nil) throws -> Set<String> {
            Set(try t.book.searchCustomers(restaurantID: (venue ?? r).id, fragment: fragment).map(\.name))
        }
        #expect(try names("mar") == ["María García", "Mario Ruiz"])
        #expect(try names("GARC") == ["María García"])
        #expect(try names("ruiz") == ["Mario Ruiz"])
        #expect(try names("mario", in: other) == ["Mario Otro"])
        // Phones: national with spaces, E.164, with the 00 prefix, a UK mobile typed nationally.
        #expect(try names("600 12 34") == ["María García"])
        #expect(try names("+34 611 111") == ["Mario Ruiz"])
        #expect(try names("0034 622 222") == ["Ana Gómez"])
        #expect(try names("07700 900123") == ["John Smith"])
        // LIKE wildcards are literal.
        #expect(try names("%") == ["50% Off Club"])
        #expect(try names("_") == [])
        #expect(try names("50%") == ["50% Off Club"])
        #expect(try names("") == [])
        #expect(try names("zzz") == [])
    }

    /// A GIN index's pending list is read whole by every search until vacuum merges it (migration 12):
    /// 20,000 new guests made every venue's search four to six times slower. The search indexes write
    /// straight through, so a new guest is found at once and nothing is left queued.
    @Test("the guest search indexes take new guests straight in, with no pending list for searches to read")
    func searchIndexesHaveNoPendingList() throws {
        let t = try TestEnv()
        let indexes = try t.sql.query("""
            SELECT c.relname, coalesce(array_to_string(c.reloptions, ','), '') AS options FROM pg_index i
            JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
            WHERE i.indrelid = 'customers'::regclass AND am.amname = 'gin' ORDER BY c.relname
            """).map { (try $0.string("relname"), try $0.string("options")) }
        #expect(indexes.map(\.0) == ["customers_name_trgm_venue", "customers_phone_trgm_venue"])
        for (name, options) in indexes {
            #expect(options.split(separator: ",").contains("fastupdate=off"), "\(name): \(options)")
        }
    }
}
