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
        // An account is no venue's: its mails go from MAIL_FROM alone, and wait (retried) until it is set.
        // Ids and the kind only in the log: the address, the name and the link never reach it.
        try deliver(MailDelivery(
            noun: "account mail", meta: ["account_mail": "\(job.id)", "kind": "\(job.kind.rawValue)", "attempt": "\(job.attempt)"],
            attempt: job.attempt, recipient: job.recipient, messageID: job.messageID, fromName: "ReservaFlow",
            sender: settings.from, missingSender: (MailSender.missingForAccounts, "set MAIL_FROM"), logsReason: false,
            render: { try settings.renderer.render(job) },
            fail: { try book.failAccountMail(job.id, instance: instance, error: $0, permanent: $1, retryAfter: $2) },
            complete: { _, _ in try book.completeAccountMail(job.id, instance: instance) }))
    }
}
