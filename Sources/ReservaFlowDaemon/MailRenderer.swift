import Foundation
import Mustache
import ReservationCore
import ReservationDomain
import POSIXSupport

/// Turns a claimed outbox job into the mail the guest reads, from the template files
/// `templates/mail/<language>/<kind>.mustache`: the first line is the subject, then a blank line, then
/// the body. Dates and times are shown in the venue's zone and language.
public struct MailRenderer: Sendable {
    public struct Missing: Error, CustomStringConvertible {
        public var description: String
    }

    let subjects: [String: MustacheTemplate]
    let bodies: [String: MustacheTemplate]
    public static let languages = ["es", "en"]
    /// Signs the confirm link in hold mails; without it (no PUBLIC_URL or LINK_SECRET) the mail asks the
    /// guest to call the venue instead.
    public var confirmLinks: ConfirmLink?

    /// Loads every kind in every language, so a missing or broken file stops the daemon at start, not at
    /// the first mail of that kind.
    public init(directory: String, confirmLinks: ConfirmLink? = nil) throws {
        self.confirmLinks = confirmLinks
        var subjects: [String: MustacheTemplate] = [:], bodies: [String: MustacheTemplate] = [:]
        let names = MailKind.allCases.map(\.rawValue) + AccountMailKind.allCases.map(\.template)
        for language in Self.languages {
            for name in names {
                let path = "\(directory)/\(language)/\(name).mustache"
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    throw Missing(description: "mail template \(path) is missing")
                }
                guard let split = text.range(of: "\n\n") else {
                    throw Missing(description: "\(path): the first line is the subject, then a blank line, then the body")
                }
                subjects["\(language)/\(name)"] = try MustacheTemplate(string: String(text[..<split.lowerBound]))
                bodies["\(language)/\(name)"] = try MustacheTemplate(string: String(text[split.upperBound...]))
            }
        }
        self.subjects = subjects
        self.bodies = bodies
    }

    /// The folder found beside the program (docs/daemon.md says where it looks).
    public static func defaultDirectory() -> String? {
        DataDirectories.first(folder: "templates/mail", environmentKey: "RESERVAFLOW_TEMPLATES")
    }

    public func render(_ job: OutboxJob) throws -> (subject: String, body: String) {
        // The schema allows only the languages there are templates for; another is an error, not Spanish.
        let language = job.language
        let key = "\(language)/\(job.kind.rawValue)"
        guard let subject = subjects[key], let body = bodies[key] else { throw Missing(description: "no template for \(key)") }
        var values = Self.values(job, language: language)
        if job.kind == .hold, let links = confirmLinks, let id = job.reservationID { values["confirm_url"] = links.url(for: id) }
        // Whatever the data holds (a venue renamed by raw SQL, an imported guest name), a subject is one
        // line of printable text: it can never start a header of its own.
        return (Self.oneLine(subject.render(values)), body.render(values))
    }

    static func oneLine(_ text: String) -> String {
        text.unicodeScalars.map { CharacterSet.controlCharacters.contains($0) ? " " : String($0) }.joined().trimmingCharacters(in: .whitespaces)
    }

    static func values(_ job: OutboxJob, language: String) -> [String: Any] {
        func format(_ date: Date, _ template: String) -> String {
            Formatters.shared.string(from: date, template: template, language: language, zone: job.venue.timeZone)
        }
        var v: [String: Any] = [
            "venue": TextSanitizer.clean(job.venue.name),
            "guest": TextSanitizer.clean(job.guestName),
            "party": language == "es" ? "\(job.partySize) \(job.partySize == 1 ? "persona" : "personas")"
                                      : "\(job.partySize) \(job.partySize == 1 ? "person" : "people")",
            "reference": job.reference,
        ]
        if let address = job.venue.address, !address.isEmpty { v["address"] = TextSanitizer.clean(address) }
        if let phone = job.venue.phone, !phone.isEmpty { v["phone"] = TextSanitizer.clean(phone) }
        if let start = job.startsAt {
            v["date"] = format(start, "EEEEdMMMMyyyy")
            v["time"] = format(start, "HHmm")
        }
        if let until = job.holdExpiresAt { v["confirm_by"] = format(until, "HHmm") }
        return v
    }
}

/// Date formatters are costly to make (ICU) and the mailer formats two per mail: kept per language, zone
/// and pattern. DateFormatter is not thread-safe, hence the lock.
final class Formatters: @unchecked Sendable {
    static let shared = Formatters()
    private let lock = NSLock()
    private var cache: [String: DateFormatter] = [:]

    func string(from date: Date, template: String, language: String, zone: String) -> String {
        lock.withLock {
            let key = "\(language)|\(zone)|\(template)"
            let f: DateFormatter
            if let cached = cache[key] { f = cached } else {
                f = DateFormatter()
                f.locale = Locale(identifier: language == "es" ? "es_ES" : "en_GB")
                f.timeZone = TimeZone(identifier: zone) ?? .gmt
                f.setLocalizedDateFormatFromTemplate(template)
                cache[key] = f
            }
            return f.string(from: date)
        }
    }
}
