import Foundation
import ReservationDomain

extension ReservationBook {
    /// Changes to a venue's details, rules or tables, all or none (`:venue`, `:floor`, `reservaflow venue`): made
    /// on the venue's floor file and imported as a floor file is, so every rule is checked as `floor import`
    /// checks it and rows the change leaves alone are not touched (a table's rename is the one exception:
    /// `renameTable`). A change that would leave live bookings outside the new services, party sizes or a
    /// table's covers is refused naming them, unless `strandingBookings` (the manager's "save anyway": the
    /// bookings stay, and the manager calls them). Audited as `venue_edit`.
    ///
    /// Two managers changing the same venue at once: their changes take turns (an advisory lock per venue that
    /// only these changes take, so the podium never waits on it), and each is made on the file as it was read
    /// and imported only if nothing else (a `floor import`, a table out of service) changed the venue's rules
    /// or floor since (its `book_version`, checked under the venue's lock); otherwise it is made again on the
    /// new file. No change is lost, and none is made on a stale file.
    @discardableResult
    public func changeVenue(restaurantID: RestaurantID, _ edits: [VenueEdit], strandingBookings: Bool = false,
                            actor: Actor) throws(ReservationError) -> VenueChange {
        try require(actor, .manageFloor, at: restaurantID)
        let r = try restaurant(id: restaurantID)
        if case .table(.rename(let label, let to))? = edits.first {
            guard edits.count == 1 else { throw .invalid(field: "venue", message: "Rename a table on its own, not with other changes.") }
            return try renameTable(r, label, to: to, actor: actor)
        }
        try read { try db.query("SELECT pg_advisory_lock(hashtextextended('reservaflow.venue_edit', $1))", [r.id]) }
        defer { _ = try? read { try db.query("SELECT pg_advisory_unlock(hashtextextended('reservaflow.venue_edit', $1))", [r.id]) } }
        for _ in 0..<5 {
            // The version first: a change committed between the two reads only costs one more round.
            let version = try venue(r.id, reload: true).version
            let before = try floorFile(slug: r.slug, actor: actor)
            var after = before
            do {
                for edit in edits { try after.apply(edit) }
                try after.validate()
            } catch { throw Self.venueWords(error, in: after) }
            let stranded = try strandedBookings(r, before: before, after: after)
            if !stranded.isEmpty && !strandingBookings {
                throw .invalid(field: "bookings", message: "\(stranded.count) live booking\(stranded.count == 1 ? "" : "s") would fall outside the new rules: "
                               + "\(Self.namedBookings(stranded, clock: r.clock)). Move or cancel them first, or save anyway and call them (they stay booked).")
            }
            if let changed = try importFloor(after, actor: actor, action: .venueEdit, ifVersion: version) {
                return VenueChange(edits: edits, restaurant: changed, stranded: stranded)
            }
        }
        throw .busy(detail: "the venue's floor kept changing under this change (floor imports?)")
    }

    /// Live bookings from today on that the venue's old rules took and the new ones would not (outside every
    /// service, a party size no longer taken, a party larger than its table now seats, joined tables no longer
    /// a combination that seats the party). Ones already outside stay the manager's earlier call.
    private func strandedBookings(_ r: Restaurant, before: FloorFile, after: FloorFile) throws(ReservationError) -> [BookEntry] {
        let old = (before.serviceHours, before.restaurant.rules), new = (after.serviceHours, after.restaurant.rules)
        let seats = { (f: FloorFile) in f.areas.flatMap(\.tables).map { "\($0.label):\($0.max)" } }
        let joins = (before.joinedCovers, after.joinedCovers)
        guard old.0 != new.0 || old.1.minParty != new.1.minParty || old.1.maxParty != new.1.maxParty || seats(before) != seats(after)
                || joins.0 != joins.1 else { return [] }
        let today = r.clock.localDate(of: now())
        let labels = Dictionary(uniqueKeysWithValues: try tables(restaurantID: r.id).map { ($0.id, $0.label.lowercased()) })
        func fits(_ e: BookEntry, _ file: FloorFile, _ hours: [ServiceHours], _ rules: BookingRules, _ joined: [Set<String>: ClosedRange<Int>]) -> Bool {
            let x = e.reservation
            guard (rules.minParty...rules.maxParty).contains(x.partySize) else { return false }
            // A party on one table (not joined) must still fit it; joined tables must still be a combination that seats it.
            if x.joinedTableIDs.isEmpty, let label = labels[x.tableID], let seats = file.table(label)?.max, x.partySize > seats { return false }
            let held = Set(x.tableIDs.compactMap { labels[$0] })
            if !x.joinedTableIDs.isEmpty, joined[held]?.contains(x.partySize) != true { return false }
            let schedule = Schedule(hours: hours, closures: [], clock: r.clock)
            let date = r.clock.localDate(of: x.startsAt)
            return (schedule.windows(on: date) + schedule.windows(on: date.adding(days: -1))).contains { $0.opens <= x.startsAt && x.startsAt < $0.closes }
        }
        return try liveBookings(r, from: today, to: today.adding(days: FloorFile.Limits.closureDays * 2))
            .filter { fits($0, before, old.0, old.1, joins.0) && !fits($0, after, new.0, new.1, joins.1) }
    }

    /// The floor file's refusal in the screen's words: "Hold minutes: 2000 is out of range…", not the
    /// file's key path (an edit has no file line to point at).
    static func venueWords(_ error: ReservationError, in file: FloorFile) -> ReservationError {
        guard case .invalid("floor file", let message) = error, let colon = message.range(of: ": ") else { return error }
        let path = String(message[..<colon.lowerBound]), rest = String(message[colon.upperBound...])
        // "areas[0].tables[3].y": the table by its label, the key as the file names it.
        let numbers = path.split { !$0.isNumber }.compactMap { Int($0) }
        if path.hasPrefix("areas["), numbers.count == 2, file.areas.indices.contains(numbers[0]),
           file.areas[numbers[0]].tables.indices.contains(numbers[1]) {
            let key = path.split(separator: ".").last.map(String.init) ?? ""
            return .invalid(field: "venue", message: "Table \(file.areas[numbers[0]].tables[numbers[1]].label): \(key) \(rest)")
        }
        // "combinations[2].tables": the combination by its tables ("Combination T4+T9: there is no table…").
        if path.hasPrefix("combinations["), numbers.count == 1, let combos = file.combinations, combos.indices.contains(numbers[0]) {
            // "max 500 is out of range", but not "min min (8) is larger than max (5)".
            let key = path.split(separator: ".").last.map(String.init) ?? ""
            let named = key == "tables" || rest.hasPrefix(key) ? rest : key + " " + rest
            return .invalid(field: "venue", message: "Combination \(combos[numbers[0]].tables.joined(separator: "+")): \(named)")
        }
        let key = path.hasPrefix("restaurant.") ? String(path.dropFirst("restaurant.".count)) : String(path.prefix { $0 != "[" && $0 != "." })
        let label = VenueSetting(rawValue: key)?.label ?? ["hours": "Hours", "turn_times": "Turn times", "areas": "Tables", "combinations": "Combinations",
                                                     "slug": "Short name", "time_zone": "Time zone"][key] ?? key
        return .invalid(field: "venue", message: "\(label): \(rest)")
    }
}

extension FloorFile {
    /// The covers of each combination, by its tables' lower-cased labels (a booking holds a set of tables).
    var joinedCovers: [Set<String>: ClosedRange<Int>] {
        Dictionary(resolvedCombinations.map { (Set($0.labels.map { $0.lowercased() }), Swift.min($0.min, $0.max)...$0.max) }) { a, _ in a }
    }

    /// The file's services one per day, as the schedule reads them.
    var serviceHours: [ServiceHours] {
        hours.flatMap { h in
            h.days.compactMap { d -> ServiceHours? in
                guard let day = FloorFile.weekdays[d.lowercased()], let o = FloorFile.time(h.opens), let c = FloorFile.time(h.closes) else { return nil }
                return ServiceHours(weekday: day, name: h.service, opens: o, closes: c)
            }
        }.sorted { ($0.weekday, $0.opens) < ($1.weekday, $1.opens) }
    }

    mutating func apply(_ edit: VenueEdit) throws(ReservationError) {
        switch edit {
        case .setting(let setting, let text):
            try restaurant.apply(setting, text.trimmingCharacters(in: .whitespaces))
        case .turnTime(let party, let minutes):
            var turns = turn_times ?? []
            turns.removeAll { $0.up_to_party == party }
            if let minutes { turns.append(Turn(up_to_party: party, minutes: minutes)) }
            guard !turns.isEmpty else { throw .invalid(field: "venue", message: "Turn times: the last one cannot go; change its minutes instead.") }
            turn_times = turns.sorted { $0.up_to_party < $1.up_to_party }
        case .hours(let old, let new):
            var rows = serviceHours
            if let old {
                guard let i = rows.firstIndex(where: { $0.weekday == old.weekday && $0.opens == old.opens }) else {
                    throw .invalid(field: "venue", message: "\(old.dayName) \(old.name) at \(old.opens) is no longer in the hours; reload (R) and try again.")
                }
                rows.remove(at: i)
            }
            if let new { rows.append(new) }
            hours = ExportedHours.grouped(rows.sorted { ($0.opens, $0.name, $0.weekday) < ($1.opens, $1.name, $1.weekday) }.map {
                ExportedHours(weekday: $0.weekday, service: $0.name, opens: $0.opens.description, closes: $0.closes.description)
            })
        case .table(let edit):
            try apply(edit)
        }
    }
}

extension FloorFile.Venue {
    mutating func apply(_ setting: VenueSetting, _ v: String) throws(ReservationError) {
        switch setting {
        case .name: name = v
        case .phone: phone = v.isEmpty ? nil : v
        case .email: email = v.isEmpty ? nil : v
        case .address: address = v.isEmpty ? nil : v
        case .holdMinutes: hold_minutes = try setting.number(v)
        case .advanceDays: advance_days = try setting.number(v)
        case .minParty: min_party = try setting.number(v)
        case .maxParty: max_party = try setting.number(v)
        case .reminderHours: reminder_hours = try setting.number(v)
        case .walkIns: accepts_walk_ins = try setting.flag(v)
        case .pacing: pacing_covers = try setting.number(v)
        }
    }
}
