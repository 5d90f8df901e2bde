import Foundation
import HummingbirdTesting
import Testing
@testable import ReservaFlowAPI
@testable import ReservationCore
@testable import ReservationDomain

/// Issue 21: staff change a guest's profile through the API as at the podium: `PATCH /api/customers/{id}/`.
extension APIRouteTests {
    @Test func staffChangeAGuestsProfileOnlyAtTheirVenues() async throws {
        let guest = try venue.book.book(BookingRequest(restaurantID: venue.restaurant.id, tableLabel: "T1", date: venue.tomorrow,
                                                       time: TimeOfDay(hour: 13, minute: 0)!, partySize: 2,
                                                       guest: .new(name: "Nora Vidal", phone: "611 200 300", email: nil)),
                                        actor: .commandLine(user: "e2e")).entry.customer
        let other = try venue.book.book(BookingRequest(restaurantID: venue.restaurant.id, tableLabel: "T2", date: venue.tomorrow,
                                                       time: TimeOfDay(hour: 13, minute: 0)!, partySize: 2,
                                                       guest: .new(name: "Pau Roig", phone: "611 200 400", email: nil)),
                                        actor: .commandLine(user: "e2e")).entry.customer
        let elsewhere = try venue.book.importFloor(FloorFile.parse(E2EVenue.floor.replacingOccurrences(of: "slug = \"e2e\"", with: "slug = \"otra\"")),
                                                   actor: .commandLine(user: "e2e"))
        try venue.book.addStaff(username: "otto", displayName: "Otto", role: .manager, password: E2EVenue.managerPassword,
                                restaurants: [elsewhere.id], actor: .commandLine(user: "e2e"))
        let path = "/api/customers/\(guest.id)/"
        try await withAPI(configuration()) { client in
            let staff = try await Self.staffToken(client)
            let saved = try await client.call(.patch, path, token: staff, json: #"{"allergies": "sesame", "vip": true, "tags": ["regular"], "email": "nora@example.com"}"#)
            #expect(saved.status == .ok, "\(saved.text)")
            #expect(saved.object["allergies"] as? String == "sesame" && saved.object["vip"] as? Bool == true)
            #expect(saved.object["tags"] as? [String] == ["regular"] && saved.object["email"] as? String == "nora@example.com")
            // Allergen flags by name; the typed tags and VIP stay as they were.
            let flagged = try await client.call(.patch, path, token: staff, json: #"{"allergens": ["Milk", "gluten"]}"#)
            #expect(flagged.object["allergens"] as? [String] == ["gluten", "milk"] && flagged.object["tags"] as? [String] == ["regular"]
                    && flagged.object["vip"] as? Bool == true, "\(flagged.text)")
            let english = try await client.call(.patch, path, token: staff, json: #"{"language": "en"}"#)
            #expect(english.object["language"] as? String == "en", "\(english.text)")
            let venues = try await client.call(.patch, path, token: staff, json: #"{"language": ""}"#)
            #expect(venues.status == .ok && venues.object["language"] is NSNull, "\(venues.text)")
            let garlic = try await client.call(.patch, path, token: staff, json: #"{"allergens": ["garlic"]}"#)
            #expect(garlic.status == .badRequest && garlic.object["field"] as? String == "allergens", "\(garlic.text)")
            let read = try await client.call(.get, path, token: staff)
            #expect(read.object["allergies"] as? String == "sesame" && read.object["notes"] as? String == "")

            let badEmail = try await client.call(.patch, path, token: staff, json: #"{"email": "not-an-address"}"#)
            #expect(badEmail.status == .badRequest && badEmail.object["field"] as? String == "email", "\(badEmail.text)")
            let taken = try await client.call(.patch, path, token: staff, json: #"{"phone": "611200400"}"#)
            #expect(taken.object["field"] as? String == "phone" && (taken.object["error"] as? String)?.contains("Pau Roig") == true, "\(taken.text)")
            let unknown = try await client.call(.patch, path, token: staff, json: #"{"alergies": "x"}"#)
            #expect(unknown.status == .badRequest && unknown.object["field"] as? String == "alergies")
            let empty = try await client.call(.patch, path, token: staff, json: "{}")
            #expect(empty.status == .badRequest)

            let guestToken = try await Self.guestToken(client, "nora@example.net")
            let asGuest = try await client.call(.patch, path, token: guestToken, json: #"{"allergies": ""}"#)
            #expect(asGuest.status == .forbidden)
            let ottoLogin = try await client.call(.post, "/api/token/", json: #"{"username": "otto", "password": "\#(E2EVenue.managerPassword)"}"#)
            let otto = try #require(ottoLogin.object["access"] as? String)
            let notHis = try await client.call(.patch, path, token: otto, json: #"{"allergies": ""}"#)
            #expect(notHis.status == .notFound, "another venue's guest is not found")
        }
        let now = try venue.book.customer(id: guest.id)
        #expect(now.allergies == "sesame" && now.phone == guest.phone, "the refused changes wrote nothing")
        #expect(try venue.book.customer(id: other.id).phone == other.phone)
    }
}

extension APIRouteTests {
    /// Issue 21: the original's `POST /api/customers/`: staff put a guest on file at their venue; a phone on
    /// file is refused naming its guest; a guest's token and another venue's staff are refused.
    @Test func staffPutAGuestOnFileWithoutABooking() async throws {
        let elsewhere = try venue.book.importFloor(FloorFile.parse(E2EVenue.floor.replacingOccurrences(of: "slug = \"e2e\"", with: "slug = \"otra2\"")),
                                                   actor: .commandLine(user: "e2e"))
        let here = venue.restaurant.id, there = elsewhere.id
        try await withAPI(configuration()) { client in
            let staff = try await Self.staffToken(client)
            let body = #"{"restaurant": \#(here), "name": "Nora Nueva", "phone": "611 300 400", "email": "nora@nueva.es"}"#
            let added = try await client.call(.post, "/api/customers/", token: staff, json: body)
            #expect(added.status == .created && added.object["phone"] as? String == "+34611300400" && added.object["name"] as? String == "Nora Nueva", "\(added.text)")
            let id = try #require(added.object["id"] as? Int)
            let read = try await client.call(.get, "/api/customers/\(id)/", token: staff)
            #expect(read.status == .ok && read.object["email"] as? String == "nora@nueva.es")
            let again = try await client.call(.post, "/api/customers/", token: staff,
                                              json: #"{"restaurant": \#(here), "name": "Otra", "phone": "611300400"}"#)
            #expect(again.status == .badRequest && (again.object["error"] as? String)?.contains("Nora Nueva") == true, "\(again.text)")
            let noPhone = try await client.call(.post, "/api/customers/", token: staff, json: #"{"restaurant": \#(here), "name": "Sin"}"#)
            #expect(noPhone.status == .badRequest && noPhone.object["field"] as? String == "phone", "\(noPhone.text)")
            let notHis = try await client.call(.post, "/api/customers/", token: staff,
                                               json: #"{"restaurant": \#(there), "name": "Fuera", "phone": "611300500"}"#)
            #expect(notHis.status == .forbidden, "\(notHis.text)")
            let guestToken = try await Self.guestToken(client, "nora@example.org")
            let asGuest = try await client.call(.post, "/api/customers/", token: guestToken, json: body)
            #expect(asGuest.status == .forbidden)
        }
    }
}
