import Foundation
import ReservationDomain

extension AppState {
    /// "norte Casa Norte [Europe/Madrid]": the short name first, then the name, then a zone (a word with a
    /// slash) when it is not this venue's. The core checks each as a floor file's venue.
    static func newVenue(_ text: String, zone: String) -> (slug: String, name: String, zone: String)? {
        var words = text.split(separator: " ").map(String.init)
        guard words.count >= 2 else { return nil }
        let slug = words.removeFirst()
        var typedZone: String? = nil
        if let last = words.last, last.contains("/"), words.count >= 2 { typedZone = words.removeLast() }
        return (slug, words.joined(separator: " "), typedZone ?? zone)
    }

    /// Made: the terminal opens it at once, empty, for its services (`:venue` `a`) and tables (`:floor` `a`).
    mutating func venueCreated(_ r: Restaurant, _ fx: inout [Effect]) {
        chooseVenue(r, &fx)
        message = StatusMessage("\(r.name) (\(r.slug)) is made and open here: add its services (:venue, a) and tables (:floor, a).")
    }
}
