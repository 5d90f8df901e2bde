import Foundation
import ReservationDomain

extension FloorFile {
    /// A table added, given covers, moved or resized on the venue's floor file (a rename is not a file
    /// change: the file names tables by label, and a booking keeps its table by id; `renameTable`); a
    /// combination added, given covers or removed. Whether the result is a floor (members that exist, in one
    /// area, covers in range, no set twice) is the file's check, after.
    mutating func apply(_ edit: TableEdit) throws(ReservationError) {
        switch edit {
        case .add(let label, let area, let min, let max):
            guard table(label) == nil else { throw .invalid(field: "venue", message: "There is already a table \(label); pick another label.") }
            // Below everything on the plan, at the left: never on top of a table; moved with the keys after.
            let bottom = areas.flatMap(\.tables).map { $0.y + ($0.h ?? FloorFile.defaultHeight) }.max() ?? 0
            let new = Table(label: label, min: min, max: max, x: 0, y: Swift.min(bottom + 1, 1000), w: nil, h: nil, shape: nil, features: nil, active: nil)
            if let i = areas.firstIndex(where: { $0.name.caseInsensitiveCompare(area) == .orderedSame }) {
                areas[i].tables.append(new)
            } else {
                areas.append(AreaSpec(name: area, tables: [new]))
            }
        case .rename:
            throw .internalError("a rename is not a floor file change")
        case .covers(let label, let min, let max):
            try updateTable(label) { $0.min = min; $0.max = max }
        case .move(let label, let dx, let dy):
            try updateTable(label) { $0.x += dx; $0.y += dy }
        case .resize(let label, let dw, let dh):
            try updateTable(label) {
                $0.w = ($0.w ?? FloorFile.defaultWidth) + dw
                $0.h = ($0.h ?? FloorFile.defaultHeight) + dh
            }
        case .combine(let labels, let min, let max):
            combinations = (combinations ?? []) + [Combination(tables: labels, min: min, max: max)]
        case .combinationCovers(let labels, let min, let max):
            let i = try combination(labels)
            combinations?[i].min = min
            combinations?[i].max = max
        case .separate(let labels):
            let i = try combination(labels)
            combinations?.remove(at: i)
            if combinations?.isEmpty == true { combinations = nil }
        }
    }

    /// The index of the combination of exactly these tables, in any order.
    private func combination(_ labels: [String]) throws(ReservationError) -> Int {
        let wanted = Set(labels.map { $0.lowercased() })
        guard let i = (combinations ?? []).firstIndex(where: { $0.tables.count == labels.count && Set($0.tables.map { $0.lowercased() }) == wanted }) else {
            throw .invalid(field: "venue", message: "There is no combination \(labels.joined(separator: "+")); reload (R) and try again.")
        }
        return i
    }

    func table(_ label: String) -> Table? {
        areas.flatMap(\.tables).first { $0.label.caseInsensitiveCompare(label) == .orderedSame }
    }

    private mutating func updateTable(_ label: String, _ change: (inout Table) -> Void) throws(ReservationError) {
        for a in areas.indices {
            if let i = areas[a].tables.firstIndex(where: { $0.label.caseInsensitiveCompare(label) == .orderedSame }) {
                change(&areas[a].tables[i])
                return
            }
        }
        throw .invalid(field: "venue", message: "There is no table \(label); reload (R) and try again.")
    }
}

extension ReservationBook {
    /// A table's new label. Bookings, combinations and the audit log keep the table by id, so only the
    /// label changes; the database refuses a label another table has. Audited as `venue_edit`.
    func renameTable(_ r: Restaurant, _ label: String, to new: String, actor: Actor) throws(ReservationError) -> VenueChange {
        let to = new.trimmingCharacters(in: .whitespaces)
        guard to.range(of: "^[A-Za-z0-9-]{1,8}$", options: .regularExpression) != nil else {
            throw .invalid(field: "venue", message: "A table label is 1 to 8 letters, digits or dashes, like T12 or B-2; not \"\(TextSanitizer.excerpt(to))\".")
        }
        let tables = try tables(restaurantID: r.id)
        guard let table = tables.first(where: { $0.label.caseInsensitiveCompare(label) == .orderedSame }) else {
            throw .notFound(.table, id: label, at: r.name)
        }
        if let other = tables.first(where: { $0.id != table.id && $0.label.caseInsensitiveCompare(to) == .orderedSame }) {
            throw .invalid(field: "venue", message: "There is already a table \(other.label); pick another label.")
        }
        try write {
            try lockTable(restaurantID: r.id, tableID: table.id)
            try declare(actor, restaurant: r.id, action: .venueEdit)
            try db.query("UPDATE dining_tables SET label = $3 WHERE restaurant_id = $1 AND id = $2", [r.id, table.id, to])
        }
        return VenueChange(edits: [.table(.rename(label: table.label, to: to))], restaurant: try restaurant(id: r.id), stranded: [])
    }
}
