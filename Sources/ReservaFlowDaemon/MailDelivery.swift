import Foundation
import Logging
import ReservationCore
import ReservationDomain
import ReservationNative

/// One mail on its way out, from either outbox (a venue's `notifications`, the accounts' `account_mails`):
/// what differs between them (the row, the sender rule, the words of the log) is given here; the steps are
/// `MailerService.deliver`'s, once.
struct MailDelivery {
    /// "mail" or "account mail", as the log names it.
    var noun: String
    var meta: Logger.Metadata
    var attempt: Int
    var recipient: String
    var messageID: String
    var fromName: String
    /// The address the mail goes from; nil when none is set, with the advice the log gives.
    var sender: String?
    var missingSender: (error: String, advice: String)
    /// Venue mails log the server's refusal and the retry; account mails only their ids (the refusal may
    /// quote the address).
    var logsReason: Bool
    var render: () throws -> (subject: String, body: String)
    var fail: (_ error: String, _ permanent: Bool, _ retryAfter: TimeInterval) throws -> Void
    var complete: (_ subject: String, _ body: String) throws -> Void
}

extension MailerService {
    /// Renders, checks the address and the sender, sends over the shared connection, and records the
    /// outcome as it happens: a mail that can never go is discarded, one that may go later is retried with
    /// backoff.
    func deliver(_ d: MailDelivery) throws {
        let rendered: (subject: String, body: String)
        do { rendered = try d.render() } catch {
            try d.fail("cannot render: \(error)", true, 0)
            logger.error("discarded \(d.noun): cannot render", metadata: d.meta)
            return
        }
        guard case .success(let to) = EmailAddress.validate(d.recipient) else {
            try d.fail("invalid recipient address", true, 0)
            logger.error("discarded \(d.noun): invalid recipient address", metadata: d.meta)
            return
        }
        guard let sender = d.sender else {
            let delay = OutboxBackoff.delay(afterAttempt: d.attempt)
            try d.fail(d.missingSender.error, false, delay)
            logger.error("\(d.noun) not sent: no sender address (\(d.missingSender.advice))",
                         metadata: d.logsReason ? d.meta.merging(["retry_in_s": "\(Int(delay))"]) { a, _ in a } : d.meta)
            return
        }
        let message = MailMessage(from: sender, fromName: d.fromName, to: to, subject: rendered.subject, body: rendered.body,
                                  messageID: d.messageID, date: now())
        if smtp.value == nil { smtp.value = SMTPClient(url: settings.smtpURL, timeoutSeconds: settings.sendTimeout) }
        do {
            try smtp.value!.send(message)
        } catch {
            let delay = OutboxBackoff.delay(afterAttempt: d.attempt)
            try d.fail(error.message, error.permanent, delay)
            logger.warning(error.permanent ? "discarded \(d.noun): refused" : "\(d.noun) failed; will retry",
                           metadata: d.logsReason ? d.meta.merging(["reason": "\(error.message)", "retry_in_s": "\(Int(delay))"]) { a, _ in a } : d.meta)
            return
        }
        try d.complete(rendered.subject, rendered.body)
        logger.info("sent \(d.noun)", metadata: d.meta)
    }
}
