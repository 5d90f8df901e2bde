import ReservationDomain
// Migration 20: a walk-in or a waitlist seating entered by mistake (the wrong party, twice, the wrong list
// entry) can be taken back in the minutes after, as a status change can (issue 20, item 10).
//
// Such a seating never happened, so it is withdrawn, not cancelled: a cancellation would count against a
// guest who never booked, and in every report of cancellations. The programs' roles cannot DELETE a
// booking (migration 16); this function, run as the schema's owner, withdraws only what the podium may:
// a walk-in (or waitlist) seating still as it was made, within ten minutes of its row by the server's clock
// (the podium's own window is five, on its clock), with `undo` declared. A waitlist entry it seated is
// waiting again; a mail queued for the booking is withdrawn with it. The audit trigger keeps the booking
// as it was, under `undo`, so the history still shows it came and went.
extension Migration {
    static let v20WithdrawSeating = Migration(version: 20, name: "withdraw a seating", sql: #"""
CREATE FUNCTION reservaflow_withdraw_seating(p_restaurant_id bigint, p_reservation uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    r reservations%ROWTYPE;
    made timestamptz;
BEGIN
    IF coalesce(current_setting('reservaflow.action', true), '') <> 'undo' THEN
        RAISE EXCEPTION 'withdrawing a seating must be declared as an undo' USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT * INTO r FROM reservations WHERE restaurant_id = p_restaurant_id AND id = p_reservation FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no reservation % at venue %', p_reservation, p_restaurant_id USING ERRCODE = 'no_data_found';
    END IF;
    IF r.status <> 'seated' OR r.source <> 'walk_in' OR r.updated_at <> r.created_at THEN
        RAISE EXCEPTION 'only a walk-in or waitlist seating unchanged since it was made can be withdrawn'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'withdraw_fresh_seatings_only';
    END IF;
    SELECT min(at) INTO made FROM audit_log WHERE entity = 'reservation' AND entity_id = p_reservation::text;
    IF made IS NULL OR made < now() - interval '10 minutes' THEN
        RAISE EXCEPTION 'a seating can be withdrawn only in the minutes after it was made'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'withdraw_fresh_seatings_only';
    END IF;
    -- Back to what it was when seated (waiting, or told its table was ready), as its audit row has it.
    UPDATE waitlist w SET reservation_id = NULL, updated_at = now(),
           status = coalesce((SELECT a.before->>'status' FROM audit_log a WHERE a.entity = 'waitlist' AND a.entity_id = w.id::text
                               AND a.after->>'status' = 'seated' ORDER BY a.id DESC LIMIT 1), 'waiting')
     WHERE w.restaurant_id = p_restaurant_id AND w.reservation_id = p_reservation AND w.status = 'seated';
    UPDATE notifications SET status = 'cancelled', finalized_at = now()
     WHERE restaurant_id = p_restaurant_id AND reservation_id = p_reservation AND status IN ('scheduled', 'retryable');
    DELETE FROM reservations WHERE restaurant_id = p_restaurant_id AND id = p_reservation;
END $$;
REVOKE ALL ON FUNCTION reservaflow_withdraw_seating(bigint, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION reservaflow_withdraw_seating(bigint, uuid) TO reservaflow_runtime;
"""#)
}
