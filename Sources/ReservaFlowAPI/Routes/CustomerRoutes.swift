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

        route(router, .get, "/api/customers/:id") { call in
            let staff = try call.requireStaff()
            guard let raw = call.parameters["id"], let id = Int64(raw), id > 0 else { throw APIError.notFound }
            let c: Customer
            do { c = try call.book.customer(id: id) } catch {
                if case .notFound(.guest, _, _)? = error as? ReservationError { throw APIError(status: 404, error: "Cliente no encontrado", code: "not_found") }
                throw error
            }
            guard staff.worksAt(c.restaurantID) else { throw APIError(status: 404, error: "Cliente no encontrado", code: "not_found") }
            return try Reply.json(200, APIWire.Customer(c))
        }
    }

    /// Which venue's guests: `?restaurant=` (one of the member's), or their only venue.
    static func staffVenue(_ call: Call, _ staff: StaffMember) throws -> RestaurantID {
        if let id = try Param.int(call.query("restaurant"), field: "restaurant") {
            guard staff.worksAt(Int64(id)) else { throw APIError.forbidden("You do not work at restaurant \(id).") }
            return Int64(id)
        }
        if staff.role != .admin, staff.venues.count == 1 { return staff.venues[0] }
        throw APIError.invalid("restaurant", "Name the venue: ?restaurant=ID.")
    }
}
