import ReservationDomain
// Migration 13: a booking lasts at most a day (`Reservation.maximumLength`; issue 11).
//
// Availability reads a day's occupancy. Through the exclusion constraint's GiST index (`period &&`) that
// took 2.2 ms at 200 tables on the full benchmark data (575 index pages for 400 rows); as a range of start
// times on `reservations_day` (restaurant_id, starts_at) it takes 0.65 ms (23 pages). The range of starts
// is only complete if no booking runs longer than the lookback, so the schema now says so. Nothing the
// programs write comes close: turn times stop at 12 hours. A database holding a longer booking (an old
// import) fails this migration with the constraint's name; shorten or cancel that booking and migrate again.
extension Migration {
    static let v13BookingsAtMostADay = Migration(version: 13, name: "bookings last at most a day", sql: #"""
ALTER TABLE reservations ADD CONSTRAINT reservations_at_most_a_day CHECK (ends_at <= starts_at + interval '24 hours');
"""#)
}
