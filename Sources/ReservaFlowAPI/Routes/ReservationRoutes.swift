import Foundation
import Hummingbird
import NIOCore
import ReservationCore
import ReservationDomain

/// /api/reservations/: the original's list, detail, create, status change and cancel, plus the confirm link.
extension API {
    func addReservations(_ router: Router<APIContext>) {
        route(router, .post, "/api/reservations", RouteRules(limit: .booking, idempotent: true)) { call in
            try Self.create(call)
        }

        get(guarded(router, Self.listRules), "/api/reservations") { request, context in
            try await list(request, context)
        }

        route(router, .get, "/api/reservations/:id") { call in
            let entry = try Self.visibleReservation(call)
            return try Reply.json(200, APIWire.ReservationDetail(entry, try call.book.heldRestaurant(id: entry.reservation.restaurantID)))
        }

        route(router, .patch, "/api/reservations/:id", RouteRules(idempotent: true)) { call in
            let entry = try Self.visibleReservation(call)
            var body = try JSONBody(call.body)
            let text = try body.string("status", max: 20) ?? ""
            try body.finish()
            // One rule for everyone, whatever the booking's state: only the statuses a person sets
            // (pending and expired are the system's); then a guest may set only cancelled.
            guard let target = ReservationStatus(rawValue: text), let action = Self.settable(target) else {
                let names = ReservationStatus.allCases.filter { Self.settable($0) != nil }.map(\.rawValue).joined(separator: ", ")
                throw APIError.invalid("status", "status must be one of \(names), not \"\(TextSanitizer.excerpt(text))\": a reservation cannot be set to it by hand.")
            }
            if !call.isStaff, action != .cancel {
                throw APIError.forbidden("A guest can cancel a reservation (status \"cancelled\"), or confirm a hold through the link in its e-mail.")
            }
            let done = try Self.move(action, entry, call)
            return try Reply.json(200, APIWire.ReservationDetail(done, try call.book.heldRestaurant(id: done.reservation.restaurantID)))
        }

        route(router, .delete, "/api/reservations/:id") { call in
            _ = try Self.move(.cancel, try Self.visibleReservation(call), call)
            return .noContent
        }

        let secret = settings.linkSecret
        let confirmRules = RouteRules(limit: .auth, query: ["token"])
        let confirm: Handler = { request, context in
            try await onBook(request, context, confirmRules) { call in
                guard let secret else {
                    throw APIError(status: 404, error: "Los enlaces de confirmación no están activados aquí: llame al restaurante.", code: "not_found")
                }
                guard let raw = call.parameters["id"], let id = UUID(uuidString: raw) else { throw APIError.reservationNotFound }
                guard let token = call.query("token"), !token.isEmpty, token.count <= 200 else {
                    throw APIError.invalid("token", "The confirm link is incomplete: open the whole link from the e-mail.")
                }
                let entry = try call.book.confirmByLink(id, token: token, secret: secret)
                var detail = APIWire.ReservationDetail(entry, try call.book.heldRestaurant(id: entry.reservation.restaurantID), message: "Reserva confirmada")
                detail.customer.phone = nil  // whoever has the link sees the booking, not the guest's number
                return try Reply.json(200, detail)
            }
        }
        // Not `get`: this GET writes, and a link checker's or mail scanner's HEAD must not confirm a hold.
        guarded(router, confirmRules).get("/api/reservations/:id/confirm", use: confirm).post("/api/reservations/:id/confirm", use: confirm)
        router.head("/api/reservations/:id/confirm") { _, _ in
            var e = APIError(status: 405, error: "HEAD no confirma una reserva: abra el enlace (GET) o envíe POST.", code: "method_not_allowed")
            e.headers["Allow"] = "GET, POST"
            return Reply.error(e).response
        }
    }

    /// The status a person may ask for, as the action that sets it (not pending, not expired).
    static func settable(_ status: ReservationStatus) -> ReservationAction? {
        ReservationAction.allCases.first { $0.target == status && $0 != .expire }
    }

    /// A status change, settled once: asking again for the status a booking already has, whether a retry
    /// or a request racing the first one (two cancels sent at once), answers as the first did, with the
    /// booking as it now is, rather than "cannot become cancelled". Nothing is written twice.
    static func move(_ action: ReservationAction, _ entry: BookEntry, _ call: Call) throws -> BookEntry {
        if entry.reservation.status == action.target { return entry }
        let actor = try call.requirePrincipal().actor
        do {
            return try call.book.apply(action, to: entry.id, actor: actor)
        } catch {
            if case .illegalTransition(_, let to) = error, to == action.target {
                let now = try call.book.reservation(id: entry.id)
                if now.reservation.status == action.target { return now }
            }
            throw error
        }
    }

    static func createdReply(_ book: ReservationBook, _ entry: BookEntry) throws -> Reply {
        let r = try book.heldRestaurant(id: entry.reservation.restaurantID)
        return try Reply.json(201, APIWire.ReservationDetail(entry, r, message: "Reserva creada exitosamente"),
                              headers: ["Location": "/api/reservations/\(entry.id.lowercasedString)/"])
    }

    static func create(_ call: Call) throws -> Reply {
        let principal = try call.requirePrincipal()
        var body = try JSONBody(call.body)
        let restaurantID = try body.int("restaurant_id")
        let customerID = try body.int("customer_id", required: call.isStaff)
        let tableID = try body.int("table_id", required: false)
        let dateText = try body.string("reservation_date", max: 20)
        let timeText = try body.string("reservation_time", max: 20)
        let party = try body.int("party_size")
        let notes = try body.string("notes", required: false, max: 500) ?? body.string("special_requests", required: false, max: 500) ?? ""
        try body.finish()
        guard let restaurantID, let dateText, let timeText, let party else { throw APIError.invalid("body", "Faltan campos requeridos") }
        guard let date = try Param.date(dateText, field: "reservation_date"),
              let time = try Param.time(timeText, field: "reservation_time") else { throw APIError.invalid("body", "Faltan campos requeridos") }
        // A venue or guest named in the body and not in the book is a field to correct (400), not a
        // missing resource (404): the path was found. So the miss becomes the core's `invalid` here, and
        // the one mapping answers it.
        let noSuchVenue = ReservationError.invalid(field: "restaurant_id", message: "There is no restaurant \(restaurantID).")
        guard restaurantID > 0 else { throw noSuchVenue }
        let venue: Restaurant
        do { venue = try call.book.heldRestaurant(id: Int64(restaurantID)) } catch {
            guard case .notFound(.venue, _, _) = error else { throw error }
            throw noSuchVenue
        }
        if let tableID, tableID <= 0 { throw APIError.invalid("table_id", "There is no table \(tableID) at \(venue.name).") }
        let guest: GuestInput
        switch principal {
        case .guest(let account):
            // A guest books as themselves: customer_id left out, or their own account id (the `id` of
            // their registration, the `account_id` of their sign-in), or one of their venue guest records.
            if let customerID, Int64(customerID) != account.id {
                guard try call.book.customerIDs(of: account.id).contains(Int64(customerID)) else {
                    throw APIError.forbidden("customer_id \(customerID) is not yours: leave it out (or send your account's id) to book as yourself.")
                }
                guest = .existing(Int64(customerID))
            } else {
                guest = .existing(try call.book.onlineCustomer(for: account, restaurant: venue.id))
            }
        case .staff:
            guard let customerID, customerID > 0 else { throw APIError.invalid("customer_id", "customer_id must be a guest of \(venue.name).") }
            guest = .existing(Int64(customerID))
        }
        var req = BookingRequest(restaurantID: venue.id, date: date, time: time, partySize: party, guest: guest, notes: notes,
                                 holdMinutes: venue.rules.holdMinutes, source: call.isStaff ? .staff : .online)
        req.tableID = tableID.map(Int64.init)
        req.idempotency = call.idempotencyClaim
        do {
            let outcome = try call.book.book(req, actor: principal.actor)
            return try createdReply(call.book, outcome.entry)
        } catch {
            if case .notFound(.guest, _, _)? = error as? ReservationError {
                throw ReservationError.invalid(field: "customer_id", message: "There is no guest \(customerID ?? 0) at \(venue.name).")
            }
            throw error
        }
    }

    /// The reservation in the path, if the caller may see it: a guest their own, staff their venues'.
    /// Anything else, malformed ids included, is the original's 404.
    static func visibleReservation(_ call: Call) throws -> BookEntry {
        let principal = try call.requirePrincipal()
        guard let raw = call.parameters["id"], let id = UUID(uuidString: raw) else { throw APIError.reservationNotFound }
        let entry: BookEntry
        do { entry = try call.book.reservation(id: id) } catch {
            if case .notFound(.reservation, _, _) = error { throw APIError.reservationNotFound }
            throw error
        }
        switch principal {
        case .guest(let g):
            guard try call.book.customerIDs(of: g.id).contains(entry.reservation.customerID) else { throw APIError.reservationNotFound }
        case .staff(let s):
            guard s.worksAt(entry.reservation.restaurantID) else { throw APIError.reservationNotFound }
        }
        return entry
    }

    static let listRules = RouteRules(query: ["restaurant", "date", "status", "limit", "cursor"])

    /// The list: a JSON array as the original's. With `limit`, one page and a `Link: <...>; rel="next"`
    /// header (the body stays an array); without, every matching row, streamed in batches.
    func list(_ request: Request, _ context: APIContext) async throws -> Response {
        struct Query: Sendable {
            var scope: ReservationScope
            var filter: ReservationFilter
            var cursor: ReservationCursor?
            var limit: Int?
        }
        // The first page is read in the same borrowed-book job that checks the caller.
        let first = ThreadConfined<(Query, [BookEntry], [UInt8])?>(nil)
        let batch = settings.streamBatch
        let response = try await onBook(request, context, Self.listRules) { call in
            let scope: ReservationScope
            switch try call.requirePrincipal() {
            case .guest(let g): scope = .account(g.id)
            case .staff(let s): scope = s.role == .admin ? .everywhere : .venues(Set(s.venues))
            }
            var filter = ReservationFilter()
            filter.restaurant = try Param.int(call.query("restaurant"), field: "restaurant").map(Int64.init)
            filter.date = try Param.date(call.query("date"), field: "date")
            if let s = call.query("status"), !s.isEmpty {
                guard let st = ReservationStatus(rawValue: s) else {
                    throw APIError.invalid("status", "status must be one of \(ReservationStatus.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                filter.status = st
            }
            let limit = try Param.int(call.query("limit"), field: "limit", range: 1...1000)
            var cursor: ReservationCursor? = nil
            if let c = call.query("cursor"), !c.isEmpty {
                guard let parsed = ReservationCursor(token: c) else { throw APIError.invalid("cursor", "cursor is not one this server gave out.") }
                cursor = parsed
            }
            let q = Query(scope: scope, filter: filter, cursor: cursor, limit: limit)
            let rows = try call.book.listReservations(scope, filter, after: cursor, limit: limit ?? batch)
            let bytes = try Self.encodeRows(rows, call.book)
            first.value = (q, rows, bytes)
            var headers: [String: String] = [:]
            if let limit, rows.count == limit, let last = rows.last {
                var parts = [String]()
                if let r = filter.restaurant { parts.append("restaurant=\(r)") }
                if let d = filter.date { parts.append("date=\(d)") }
                if let s = filter.status { parts.append("status=\(s.rawValue)") }
                parts.append("limit=\(limit)")
                parts.append("cursor=\(ReservationCursor(startsAt: last.reservation.startsAt, id: last.id).token)")
                headers["Link"] = "</api/reservations/?\(parts.joined(separator: "&"))>; rel=\"next\""
            }
            return Reply(status: 200, body: Array("[".utf8) + bytes + Array("]".utf8), headers: headers)
        }
        // A single page, an error, or everything in one batch: the answer as it is.
        guard response.status == .ok, let (q, rows, bytes) = first.value, q.limit == nil, rows.count == batch else { return response }
        let pool = self.readPool
        var headers = response.headers
        headers[.contentLength] = nil
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(bytes: Array("[".utf8) + bytes))
            var last = rows.last
            while let after = last {
                let (next, chunk) = try await pool.run { book in
                    let more = try book.listReservations(q.scope, q.filter, after: ReservationCursor(startsAt: after.reservation.startsAt, id: after.id), limit: batch)
                    return (more, try API.encodeRows(more, book))
                }
                if !next.isEmpty { try await writer.write(ByteBuffer(bytes: Array(",".utf8) + chunk)) }
                last = next.count == batch ? next.last : nil
            }
            try await writer.write(ByteBuffer(bytes: Array("]".utf8)))
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// Rows as comma-separated JSON objects (no brackets), each venue's local date and time.
    static func encodeRows(_ rows: [BookEntry], _ book: ReservationBook) throws -> [UInt8] {
        var venues: [RestaurantID: Restaurant] = [:]
        var out: [APIWire.Reservation] = []
        out.reserveCapacity(rows.count)
        for e in rows {
            let id = e.reservation.restaurantID
            let r: Restaurant
            if let known = venues[id] { r = known } else {
                r = try book.heldRestaurant(id: id)
                venues[id] = r
            }
            out.append(APIWire.Reservation(e, r))
        }
        let data = try Reply.encoder().encode(out)
        return Array(data.dropFirst().dropLast())
    }
}
