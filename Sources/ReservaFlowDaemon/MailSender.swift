import ReservationDomain

/// Who a mail is from: the venue's own address, else the operator's MAIL_FROM. None is made up: an address
/// built from the host name ("reservations@" + a container's id) was no address at all, and the daemon
/// refused the one it had invented and stopped before sending anything, venues with their own sender too.
public enum MailSender {
    /// The operator's sender for venues without one (`--from`, MAIL_FROM), checked at start; nil when not set.
    public static func fallback(_ configured: String?) throws(ReservationError) -> String? {
        guard let configured, !configured.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        guard case .success(let address) = EmailAddress.validate(configured) else {
            throw .invalid(field: "MAIL_FROM", message: "\"\(TextSanitizer.excerpt(configured))\" is not an e-mail address (like reservations@example.com): set MAIL_FROM (or --from) to one, or unset it to send from each venue's own address.")
        }
        return address
    }

    /// One mail's sender: the venue's address when it is a valid one, else the fallback; nil when neither.
    public static func address(venue: String?, fallback: String?) -> String? {
        venue.flatMap { try? EmailAddress.validate($0).get() } ?? fallback
    }

    /// Recorded on a mail that has no sender; it goes at a later attempt once one is set.
    public static let missing = "no sender: the venue has no e-mail address and MAIL_FROM is not set; set MAIL_FROM (reservaflowd --from) or the venue's e-mail"

    /// Recorded on a guest account's mail (verification, password reset) while MAIL_FROM is not set: an
    /// account belongs to no venue, so no venue's address can send it.
    public static let missingForAccounts = "no sender: a guest account's mails (verification, password reset) go from MAIL_FROM, which is not set; set MAIL_FROM (reservaflowd --from)"
}
