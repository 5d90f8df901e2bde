import Foundation

/// The kinds of thing the book keeps, as errors name them: a front end decides what a miss means by its
/// kind (a reservation in the path is the original API's 404, a guest named in a body is a bad field),
/// never by reading the sentence.
public enum BookEntity: String, Sendable, Equatable, CaseIterable {
    case reservation, guest, guestAccount, venue, table, waitlistEntry, staffMember, notification

    /// The word the messages start with.
    public var noun: String {
        switch self {
        case .reservation: "Reservation"
        case .guest: "Guest"
        case .guestAccount: "Guest account"
        case .venue: "Venue"
        case .table: "Table"
        case .waitlistEntry: "Waitlist entry"
        case .staffMember: "Staff member"
        case .notification: "Notification"
        }
    }
}

extension ReservationError {
    /// "Guest 12 was not found.", "Venue \"bistro\" was not found.", "Table T9 at Bistro was not found.":
    /// the one wording of a miss. The id is echoed cleaned and cut (it can be typed or come from a URL); a
    /// venue asked for by its slug rather than its number has the slug quoted, as the podium names venues.
    static func notFoundMessage(_ entity: BookEntity, id: String, at place: String?) -> String {
        let shown = TextSanitizer.excerpt(id)
        let key = entity == .venue && Int64(id) == nil ? "\"\(shown)\"" : shown
        let whereLooked = place.map { " at \($0)" } ?? ""
        return "\(entity.noun) \(key)\(whereLooked) was not found."
    }
}
