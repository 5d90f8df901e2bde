import Foundation
import Logging
import ReservationCore
import ReservationDomain
import ReservationNative

extension MailerService {
    /// The account outbox's batch, after the venues' and over the same SMTP connection, after turning waiting
    /// reset requests into links and mails. A lapsed lease is
    /// claimed again by the claim itself, so there is no separate rescue.
    func runAccountBatch(_ book: ReservationBook, stop: StopFlag) throws -> Int {
        // Reset requests become links and mails here, not in the request (docs/api.md: no enumeration).
        let issued = try book.issueResetLinks()
        if issued > 0 { logger.info("issued reset links", metadata: ["count": "\(issued)"]) }
        let jobs = try book.claimAccountMails(instance: instance, limit: settings.batch, lease: settings.lease)
        for job in jobs {
            // Shutting down: the rest is claimed again when its lease lapses (a minute at most).
            if stop.isSet { break }
            try sendAccountMail(job, book)
        }
        return jobs.count
    }

    private func sendAccountMail(_ job: AccountMailJob, _ book: ReservationBook) throws {
        // Ids and the kind only: the address, the name and the link never reach the log.
        let meta: Logger.Metadata = ["account_mail": "\(job.id)", "kind": "\(job.kind.rawValue)", "attempt": "\(job.attempt)"]
        let rendered: (subject: String, body: String)
        do { rendered = try settings.renderer.render(job) } catch {
            try book.failAccountMail(job.id, instance: instance, error: "cannot render: \(error)", permanent: true, retryAfter: 0)
            logger.error("discarded account mail: cannot render", metadata: meta)
            return
        }
        guard case .success(let to) = EmailAddress.validate(job.recipient) else {
            try book.failAccountMail(job.id, instance: instance, error: "invalid recipient address", permanent: true, retryAfter: 0)
            logger.error("discarded account mail: invalid recipient address", metadata: meta)
            return
        }
        // An account is no venue's: its mails go from MAIL_FROM alone, and wait (retried) until it is set.
        guard let from = settings.from else {
            try book.failAccountMail(job.id, instance: instance, error: MailSender.missingForAccounts, permanent: false,
                                     retryAfter: OutboxBackoff.delay(afterAttempt: job.attempt))
            logger.error("account mail not sent: no sender address (set MAIL_FROM)", metadata: meta)
            return
        }
        let message = MailMessage(from: from, fromName: "ReservaFlow", to: to, subject: rendered.subject, body: rendered.body,
                                  messageID: job.messageID, date: now())
        if smtp.value == nil { smtp.value = SMTPClient(url: settings.smtpURL, timeoutSeconds: settings.sendTimeout) }
        do {
            try smtp.value!.send(message)
        } catch {
            let delay = OutboxBackoff.delay(afterAttempt: job.attempt)
            try book.failAccountMail(job.id, instance: instance, error: error.message, permanent: error.permanent, retryAfter: delay)
            logger.warning(error.permanent ? "discarded account mail: refused" : "account mail failed; will retry", metadata: meta)
            return
        }
        try book.completeAccountMail(job.id, instance: instance)
        logger.info("sent account mail", metadata: meta)
    }
}
