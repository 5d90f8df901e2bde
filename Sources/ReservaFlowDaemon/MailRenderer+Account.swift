import Foundation
import ReservationCore
import ReservationDomain

extension MailRenderer {
    public struct NoLinks: Error, CustomStringConvertible {
        public var description: String { "PUBLIC_URL and LINK_SECRET are not set: a verification or reset mail cannot carry its link" }
    }

    /// An account mail (verify, reset, password changed), in the account's language. The link is computed
    /// here from the link row and LINK_SECRET; it is never stored, and never logged.
    public func render(_ job: AccountMailJob) throws -> (subject: String, body: String) {
        let key = "\(job.language)/\(job.kind.template)"
        guard let subject = subjects[key], let body = bodies[key] else { throw Missing(description: "no template for \(key)") }
        var values: [String: Any] = ["guest": TextSanitizer.clean(job.firstName)]
        if let link = job.linkID {
            guard let links = confirmLinks else { throw NoLinks() }
            let purpose: AccountLinkPurpose = job.kind == .reset ? .reset : .verify
            values["url"] = AccountLink.url(links, purpose: purpose, id: link, account: job.accountID)
            values["token"] = AccountLink.token(secret: links.secret, purpose: purpose, id: link, account: job.accountID)
        }
        if let until = job.linkExpiresAt {
            values["valid_until"] = Formatters.shared.string(from: until, template: "dMMMMyyyyHHmm", language: job.language, zone: "UTC") + " UTC"
        }
        return (Self.oneLine(subject.render(values)), body.render(values))
    }
}
