import ReservationDomain
// Migration 22: a guest's profile on every screen at once (issue 21). A manager records an allergy at one
// terminal; every other terminal on the venue shows ⚠ on the guest's tables and bookings within a second,
// not at its next reload. Only a change a screen shows is announced: a booking's bookkeeping on the guest row
// (visits, last visit) already comes with the booking's own notice.
extension Migration {
    static let v22GuestProfileFeed = Migration(version: 22, name: "guest profile on the change feed", sql: #"""
CREATE TRIGGER customers_profile_changed AFTER UPDATE ON customers FOR EACH ROW
    WHEN ((OLD.name, OLD.phone, OLD.email, OLD.notes, OLD.allergies, OLD.tags, OLD.marketing_consent)
          IS DISTINCT FROM (NEW.name, NEW.phone, NEW.email, NEW.notes, NEW.allergies, NEW.tags, NEW.marketing_consent))
    EXECUTE FUNCTION notify_change();
"""#)
}
