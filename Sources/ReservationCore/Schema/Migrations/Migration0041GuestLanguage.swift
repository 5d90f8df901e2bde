import ReservationDomain
// Migration 41: a guest's language (issue 21). Their mails (hold, confirmation, reminder, changes) go in it;
// NULL is the venue's. A host sets it from the guest's profile; an online guest's record takes their
// account's (and follows it when they change it); records linked before this take it now.
extension Migration {
    static let v41GuestLanguage = Migration(version: 41, name: "guest language", sql: #"""
ALTER TABLE customers ADD COLUMN language text CHECK (language IN ('es', 'en'));
UPDATE customers c SET language = g.language FROM guest_accounts g WHERE g.id = c.account_id;
"""#)
}
