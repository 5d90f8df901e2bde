import Foundation
import ReservationDomain

extension FloorFile {
    /// `[restaurant]`: its name, zone, contacts and booking rules, each within what the core accepts.
    func validateVenue(_ c: FloorChecks) throws(ReservationError) {
        let v = restaurant
        guard v.slug.range(of: "^[a-z0-9][a-z0-9-]{0,39}$", options: .regularExpression) != nil else {
            throw c.fail("restaurant.slug", "\"\(TextSanitizer.excerpt(v.slug))\" must be 1-40 lowercase letters, digits and dashes")
        }
        try c.text(v.name, "restaurant.name", max: Limits.nameLength, required: true)
        guard TimeZone(identifier: v.time_zone) != nil, v.time_zone.count <= 64 else {
            throw c.fail("restaurant.time_zone", "\"\(TextSanitizer.excerpt(v.time_zone))\" is not an IANA zone like Europe/Madrid")
        }
        let countryCode = v.countryCode
        guard countryCode.range(of: "^[1-9][0-9]{0,2}$", options: .regularExpression) != nil else {
            throw c.fail("restaurant.phone_country_code", "\"\(TextSanitizer.excerpt(countryCode))\" must be a calling code of 1-3 digits, like 34")
        }
        if let phone = v.phone, !phone.trimmingCharacters(in: .whitespaces).isEmpty {
            if case .failure(.invalid(_, let message)) = PhoneNumber.normalize(phone, countryCode: countryCode) {
                throw c.fail("restaurant.phone", message)
            }
        }
        if let email = v.email, !email.trimmingCharacters(in: .whitespaces).isEmpty {
            if case .failure(.invalid(_, let message)) = EmailAddress.validate(email) { throw c.fail("restaurant.email", message) }
        }
        try c.text(v.address, "restaurant.address", max: Limits.addressLength)
        try c.text(v.description, "restaurant.description", max: Limits.descriptionLength)
        try c.range(v.hold_minutes, "restaurant.hold_minutes", 1...1440, "a hold")
        try c.range(v.advance_days, "restaurant.advance_days", 0...730, "the booking window in days")
        try c.range(v.min_party, "restaurant.min_party", 1...200, "a party")
        try c.range(v.max_party, "restaurant.max_party", 1...200, "a party")
        try c.range(v.reminder_hours, "restaurant.reminder_hours", 0...168, "the reminder lead in hours")
        let minParty = v.rules.minParty, maxParty = v.rules.maxParty
        guard minParty <= maxParty else {
            throw c.fail(v.max_party != nil ? "restaurant.max_party" : "restaurant.min_party",
                       "min_party (\(minParty)) is larger than max_party (\(maxParty))")
        }
        try c.range(v.pacing_covers, "restaurant.pacing_covers", 1...1000, "covers starting in one 15-minute slot")
        // A limit below the largest party the venue takes would refuse that party at every time of day.
        if let pacing = v.pacing_covers, pacing < maxParty {
            throw c.fail("restaurant.pacing_covers", "\(pacing) is below max_party (\(maxParty)): a party of \(maxParty) could never be booked; "
                       + "raise pacing_covers to at least \(maxParty) or lower max_party")
        }
    }
}
