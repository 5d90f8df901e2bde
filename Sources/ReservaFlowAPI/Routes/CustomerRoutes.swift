import Foundation
import Hummingbird
import ReservationCore
import ReservationDomain

/// Guest records: staff only, at their venues (the original let anyone list every guest).
extension API {
    func addCustomers(_ router: Router<APIContext>) {
        route(router, .get, "/api/customers", RouteRules(query: ["restaurant", "search", "page", "page_size"])) { call in
            let staff = try call.requireStaff()
            let venue = try Self.staffVenue(call, staff)
            let fragment = call.query("search") ?? ""
            let found = fragment.isEmpty ? try call.book.customers(restaurantID: venue, limit: 1000)
                                         : try call.book.searchCustomers(restaurantID: venue, fragment: fragment, limit: 100)
            return try Reply.json(200, try Self.page(found.map(APIWire.Customer.init), call, path: "/api/customers/"))
        }

        route(router, .get, "/api/customers/search_by_phone", RouteRules(query: ["phone", "restaurant"])) { call in
            let staff = try call.requireStaff()
            let venue = try Self.staffVenue(call, staff)
            guard let phone = call.query("phone"), !phone.isEmpty else {
                throw APIError(status: 400, error: "Faltan parámetros requeridos", code: "missing_fields", field: "phone",
                               extra: ["fields": .object(["phone": .string("Este parámetro es requerido.")])])
            }
            let r = try call.book.heldRestaurant(id: venue)
            let e164 = try PhoneNumber.normalize(phone, countryCode: r.phoneCountryCode).get()
            guard let c = try call.book.searchCustomers(restaurantID: venue, fragment: e164, limit: 5).first(where: { $0.phone == e164 }) else {
                throw APIError(status: 404, error: "Cliente no encontrado", code: "not_found", field: "phone")
            }
            return try Reply.json(200, APIWire.Customer(c))
        }

        // The original's POST /api/customers/: a guest on file without a booking (staff, at their venues), checked
        // as the podium's `:guests` `a` and `reservaflow guest add` check it; a phone already on file is refused
        // naming its guest. An `Idempotency-Key` makes a retry answer the first guest, not a refusal.
        route(router, .post, "/api/customers", RouteRules(idempotent: true)) { call in
            let staff = try call.requireStaff()
            var body = try JSONBody(call.body)
            let restaurant = try body.int("restaurant", required: false)
            let name = try body.string("name", max: Fields.nameLength) ?? ""
            let phone = try body.string("phone", max: 40) ?? ""
            let email = try body.string("email", required: false, max: 254)
            try body.finish()
            let venue = try Self.staffVenue(restaurant.map(Int64.init), staff)
            let added = try call.book.addGuest(restaurantID: venue, name: name, phone: phone, email: email, actor: try call.requirePrincipal().actor)
            return try Reply.json(201, APIWire.CustomerProfile(added))
        }

        route(router, .get, "/api/customers/:id") { call in
            try Reply.json(200, APIWire.CustomerProfile(try Self.staffCustomer(call)))
        }

        // A guest's profile, as `E` at the podium and `reservaflow guest set` change it (issue 21): only the
        // fields sent change; "" clears a phone, an e-mail, notes or allergies. The original's names where it had
        // them (name, email, phone). Checked and audited by the core as any other edit.
        route(router, .patch, "/api/customers/:id") { call in
            let guest = try Self.staffCustomer(call)
            var body = try JSONBody(call.body)
            var update = GuestUpdate(name: try body.string("name", required: false, max: Fields.nameLength),
                                     phone: try body.string("phone", required: false, max: 40),
                                     email: try body.string("email", required: false, max: 254),
                                     notes: try body.string("notes", required: false, max: 500),
                                     allergies: try body.string("allergies", required: false, max: GuestProfile.allergiesLength),
                                     marketingConsent: try body.bool("marketing_consent", required: false))
            if let typed = try body.strings("tags", max: GuestProfile.tagLength, count: GuestProfile.maxTags) { update.setTypedTags(typed, current: guest.tags) }
            if let vip = try body.bool("vip", required: false) { update.setVIP(vip, current: guest.tags) }
            update.language = try body.string("language", required: false, max: 10)
            if let flags = try body.strings("allergens", max: 20, count: Allergen.allCases.count) {
                update.setAllergens(try Allergen.parse(flags), current: guest.tags)
            }
            try body.finish()
            guard !update.isEmpty else {
                throw APIError.invalid("body", "Nothing to change: send any of name, phone, email, notes, allergies, allergens, tags, vip, marketing_consent, language.")
            }
            return try Reply.json(200, APIWire.CustomerProfile(try call.book.updateGuest(guest.id, update, actor: try call.requirePrincipal().actor)))
        }
    }

    /// The guest with the path's id, for a staff member of its venue; any other venue's guest is not found
    /// (a guest id says nothing of another venue's book).
    static func staffCustomer(_ call: Call) throws -> Customer {
        let staff = try call.requireStaff()
        guard let raw = call.parameters["id"], let id = Int64(raw), id > 0 else { throw APIError.notFound }
        let c: Customer
        do { c = try call.book.customer(id: id) } catch {
            if case .notFound(.guest, _, _)? = error as? ReservationError { throw APIError(status: 404, error: "Cliente no encontrado", code: "not_found") }
            throw error
        }
        guard staff.worksAt(c.restaurantID) else { throw APIError(status: 404, error: "Cliente no encontrado", code: "not_found") }
        return c
    }

    /// Which venue's guests: `?restaurant=` (one of the member's), or their only venue.
    static func staffVenue(_ call: Call, _ staff: StaffMember) throws -> RestaurantID {
        try staffVenue(try Param.int(call.query("restaurant"), field: "restaurant").map(Int64.init), staff, asked: "?restaurant=ID")
    }

    /// `id` (one of the member's), or their only venue; `asked` says how to name one.
    static func staffVenue(_ id: Int64?, _ staff: StaffMember, asked: String = "\"restaurant\": ID") throws -> RestaurantID {
        if let id {
            guard staff.worksAt(id) else { throw APIError.forbidden("You do not work at restaurant \(id).") }
            return id
        }
        if staff.role != .admin, staff.venues.count == 1 { return staff.venues[0] }
        throw APIError.invalid("restaurant", "Name the venue: \(asked).")
    }
}
