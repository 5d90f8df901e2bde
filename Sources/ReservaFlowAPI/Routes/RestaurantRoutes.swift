import Foundation
import Hummingbird
import ReservationCore
import ReservationDomain

/// Venues and their tables: open to anyone (a guest looks before booking).
extension API {
    func addRestaurants(_ router: Router<APIContext>) {
        route(router, .get, "/api/restaurants/restaurants", RouteRules(query: ["page", "page_size"])) { call in
            let all = try call.book.restaurants().sorted { $0.id < $1.id }
            return try Reply.json(200, try Self.page(all.map { APIWire.Restaurant($0) }, call, path: "/api/restaurants/restaurants/"))
        }

        route(router, .get, "/api/restaurants/restaurants/:id") { call in
            let r = try Self.restaurant(call)
            return try Reply.json(200, APIWire.Restaurant(r, schedule: try call.book.schedule(for: r)))
        }

        route(router, .get, "/api/restaurants/restaurants/:id/available_tables", RouteRules(query: ["date", "time", "party_size"])) { call in
            let r = try Self.restaurant(call)
            let date = try Param.date(call.query("date"), field: "date")
            let time = try Param.time(call.query("time"), field: "time")
            let party = try Param.int(call.query("party_size"), field: "party_size", range: 1...1000)
            var missing: [String: JSONValue] = [:]
            if date == nil { missing["date"] = .string("Este parámetro es requerido (YYYY-MM-DD).") }
            if time == nil { missing["time"] = .string("Este parámetro es requerido (HH:MM).") }
            if party == nil { missing["party_size"] = .string("Este parámetro es requerido.") }
            guard let date, let time, let party else {
                throw APIError(status: 400, error: "Faltan parámetros requeridos", code: "missing_fields",
                               field: missing.keys.sorted().first, extra: ["fields": .object(missing)])
            }
            let tables = try call.book.freeTables(restaurantID: r.id, date: date, time: time, party: party)
            return try Reply.json(200, tables.map { APIWire.Table($0, restaurant: r.id) })
        }

        route(router, .get, "/api/restaurants/tables", RouteRules(query: ["restaurant", "page", "page_size"])) { call in
            let venues: [Restaurant]
            if let id = try Param.int(call.query("restaurant"), field: "restaurant") {
                venues = [try call.book.restaurant(id: Int64(id))]
            } else {
                venues = try call.book.restaurants().sorted { $0.id < $1.id }
            }
            var tables: [APIWire.Table] = []
            for r in venues { tables += try call.book.tables(restaurantID: r.id).map { APIWire.Table($0, restaurant: r.id) } }
            return try Reply.json(200, try Self.page(tables, call, path: "/api/restaurants/tables/"))
        }

        route(router, .get, "/api/restaurants/tables/:id") { call in
            guard let raw = call.parameters["id"], let id = Int64(raw), id > 0 else { throw APIError.notFound }
            for r in try call.book.restaurants() {
                if let t = try call.book.tables(restaurantID: r.id).first(where: { $0.id == id }) {
                    return try Reply.json(200, APIWire.Table(t, restaurant: r.id))
                }
            }
            throw APIError.notFound
        }
    }

    /// The venue named by the path's id; anything else (unknown, malformed) is a 404.
    static func restaurant(_ call: Call) throws -> Restaurant {
        guard let raw = call.parameters["id"], let id = Int64(raw), id > 0 else { throw APIError.notFound }
        do { return try call.book.restaurant(id: id) } catch {
            if case .notFound(.venue, _, _) = error { throw APIError.notFound }
            throw error
        }
    }

    /// DRF's page-number pagination: `?page=N&page_size=M` (20 a page, at most 100).
    static func page<T: Encodable>(_ items: [T], _ call: Call, path: String) throws(APIError) -> APIWire.Page<T> {
        let size = try Param.int(call.query("page_size"), field: "page_size", range: 1...100) ?? 20
        let page = try Param.int(call.query("page"), field: "page") ?? 1
        let pages = max(1, (items.count + size - 1) / size)
        guard page <= pages else { throw APIError(status: 404, error: "Página inválida.", code: "not_found", field: "page") }
        let slice = Array(items.dropFirst((page - 1) * size).prefix(size))
        func link(_ p: Int) -> String { "\(path)?page=\(p)\(size == 20 ? "" : "&page_size=\(size)")" }
        return APIWire.Page(count: items.count, next: page < pages ? link(page + 1) : nil, previous: page > 1 ? link(page - 1) : nil, results: slice)
    }
}
