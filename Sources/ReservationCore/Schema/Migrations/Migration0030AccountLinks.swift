import ReservationDomain
// Migration 30: a guest account a guest can run alone (issue 24): a verified address, a password reset by
// mail, a profile of their own.
//
// - `account_links`: one row per verification or reset link. The link itself is never stored: it is the
//   row's id and a MAC of (purpose, id, account) under LINK_SECRET, which the daemon computes when it writes
//   the mail and the API when it checks the click. The row says whether it was used and when it lapses, so
//   a link works once, and a password change (`reservaflow_set_guest_password`) spends every open reset link.
// - `account_mails`: the account's own outbox (verify, reset, password changed). Venue mails live in
//   `notifications`, keyed by venue; these belong to no venue. The row carries what the mail needs (address,
//   first name, language), because the daemon's role may not read guest accounts (migration 19); a trigger
//   holds the address to the account's own, as migration 18 holds venue mails to their guest's.
// - `link_requests`: every reset request, known address or not: a digest of the address and the account it
//   names (NULL for none). The request's transaction is this one row (and the daemon's wake-up) whatever
//   the address, so its answer and its timing cannot tell a registered address from another, under load
//   too (writing the link and the mail in the request made a registered address's answer twice as slow at
//   8 concurrent clients: two more rows and the NOTIFY's commit lock). The daemon turns requests into links
//   and mails with `reservaflow_issue_reset_links`, run as the owner (its role reads no guest account),
//   at most 3 reset links an hour per account.
// - Until an account's address is verified, its online bookings are holds that only the verification link
//   or a host confirms: no hold mail (with its confirm link) goes to an address nobody proved, so whoever
//   registers with someone else's address sends them one mail, the verification, and nothing more. A
//   trigger on the outbox drops such a hold mail, so every way a hold is queued keeps the rule.
// - A new password is written only by `reservaflow_set_guest_password`, run as the owner: the API's role has
//   no UPDATE on the hash (migration 19). It revokes every token of the account and spends its reset links in
//   the same transaction, and queues the "password changed" mail.
extension Migration {
    static let v30AccountLinks = Migration(version: 30, name: "account links", sql: #"""
-- Accounts made before this migration count as verified from now (the default fills them without an
-- UPDATE): they were never sent a verification mail, and their holds' mails have gone to their address
-- all along; holding those mails back now would let their next holds lapse unseen. New accounts start NULL.
ALTER TABLE guest_accounts
    ADD COLUMN verified_at timestamptz DEFAULT now(),
    ADD COLUMN language text NOT NULL DEFAULT 'es' CHECK (language IN ('es', 'en')),
    ADD COLUMN marketing_consent boolean NOT NULL DEFAULT false;
ALTER TABLE guest_accounts ALTER COLUMN verified_at DROP DEFAULT;

CREATE TABLE account_links (
    id          bigserial PRIMARY KEY,
    account_id  bigint NOT NULL REFERENCES guest_accounts(id) ON DELETE CASCADE,
    purpose     text NOT NULL CHECK (purpose IN ('verify', 'reset')),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX account_links_account ON account_links (account_id, purpose, created_at);

CREATE TABLE account_mails (
    id             bigserial PRIMARY KEY,
    account_id     bigint NOT NULL REFERENCES guest_accounts(id) ON DELETE CASCADE,
    link_id        bigint REFERENCES account_links(id) ON DELETE CASCADE,
    kind           text NOT NULL CHECK (kind IN ('verify', 'reset', 'password_changed')),
    recipient      text NOT NULL,
    first_name     text NOT NULL,
    language       text NOT NULL CHECK (language IN ('es', 'en')),
    message_id     text NOT NULL UNIQUE,
    status         text NOT NULL DEFAULT 'scheduled'
                   CHECK (status IN ('scheduled', 'running', 'retryable', 'completed', 'discarded')),
    attempts       int NOT NULL DEFAULT 0,
    max_attempts   int NOT NULL DEFAULT 8,
    scheduled_for  timestamptz NOT NULL,
    lease_until    timestamptz,
    locked_by      text,
    last_error     text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    sent_at        timestamptz,
    CHECK ((kind = 'password_changed') = (link_id IS NULL)),
    CHECK (status <> 'running' OR (lease_until IS NOT NULL AND locked_by IS NOT NULL))
);
CREATE INDEX account_mails_due ON account_mails (scheduled_for) WHERE status IN ('scheduled', 'retryable');

CREATE FUNCTION account_mails_go_to_their_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM guest_accounts WHERE id = NEW.account_id AND email = lower(NEW.recipient)) THEN
        RAISE EXCEPTION 'an account mail goes only to the account''s own address'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'account_mails_go_to_their_account';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER account_mails_go_to_their_account BEFORE INSERT OR UPDATE OF recipient, account_id ON account_mails
    FOR EACH ROW EXECUTE FUNCTION account_mails_go_to_their_account();

-- The mailers wake as for a venue's mail (venue 0: none), so an account mail leaves within a moment.
CREATE FUNCTION notify_account_mail() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IN ('scheduled', 'retryable') THEN
        PERFORM send_change_notice(json_build_object('restaurant_id', 0, 'entity', 'notifications',
                                                     'id', 'account:' || NEW.id, 'op', lower(TG_OP))::text);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER account_mails_job AFTER INSERT OR UPDATE OF status, scheduled_for ON account_mails
    FOR EACH ROW EXECUTE FUNCTION notify_account_mail();

CREATE FUNCTION notifications_hold_waits_for_verification() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.kind = 'hold' AND EXISTS (
            SELECT 1 FROM reservations x JOIN customers c ON c.restaurant_id = x.restaurant_id AND c.id = x.customer_id
            JOIN guest_accounts g ON g.id = c.account_id
            WHERE x.id = NEW.reservation_id AND g.verified_at IS NULL) THEN
        RETURN NULL;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER notifications_hold_waits_for_verification BEFORE INSERT ON notifications
    FOR EACH ROW EXECUTE FUNCTION notifications_hold_waits_for_verification();

-- No foreign key on account_id: its check would be work only a registered address's request does.
CREATE TABLE link_requests (
    id            bigserial PRIMARY KEY,
    email_digest  text NOT NULL,
    purpose       text NOT NULL CHECK (purpose IN ('verify', 'reset')),
    at            timestamptz NOT NULL,
    account_id    bigint,
    handled_at    timestamptz
);
CREATE INDEX link_requests_waiting ON link_requests (id) WHERE handled_at IS NULL;
CREATE INDEX link_requests_at ON link_requests (at);

CREATE FUNCTION notify_link_request() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM send_change_notice(json_build_object('restaurant_id', 0, 'entity', 'notifications',
                                                 'id', 'link_request:' || NEW.id, 'op', 'insert')::text);
    RETURN NULL;
END $$;
CREATE TRIGGER link_requests_job AFTER INSERT ON link_requests FOR EACH ROW EXECUTE FUNCTION notify_link_request();

CREATE FUNCTION reservaflow_issue_reset_links(p_at timestamptz, p_lifetime_seconds int, p_per_hour int, p_batch int)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    req record;
    new_link bigint;
    issued integer := 0;
BEGIN
    FOR req IN SELECT id, account_id FROM link_requests WHERE handled_at IS NULL AND purpose = 'reset'
               ORDER BY id LIMIT p_batch FOR UPDATE SKIP LOCKED LOOP
        UPDATE link_requests SET handled_at = p_at WHERE id = req.id;
        CONTINUE WHEN req.account_id IS NULL OR NOT EXISTS (SELECT 1 FROM guest_accounts WHERE id = req.account_id);
        CONTINUE WHEN (SELECT count(*) FROM account_links WHERE account_id = req.account_id AND purpose = 'reset'
                       AND created_at > p_at - interval '1 hour') >= p_per_hour;
        INSERT INTO account_links (account_id, purpose, expires_at, created_at)
        VALUES (req.account_id, 'reset', p_at + make_interval(secs => p_lifetime_seconds), p_at) RETURNING id INTO new_link;
        INSERT INTO account_mails (account_id, link_id, kind, recipient, first_name, language, message_id, scheduled_for, created_at)
        SELECT g.id, new_link, 'reset', g.email, g.first_name, g.language, '<' || gen_random_uuid() || '.account@reservaflow>', p_at, p_at
        FROM guest_accounts g WHERE g.id = req.account_id;
        issued := issued + 1;
    END LOOP;
    RETURN issued;
END $$;
REVOKE ALL ON FUNCTION reservaflow_issue_reset_links(timestamptz, int, int, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION reservaflow_issue_reset_links(timestamptz, int, int, int) TO reservaflow_jobs;

CREATE FUNCTION reservaflow_set_guest_password(p_account bigint, p_hash text, p_link bigint, p_message_id text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    acct guest_accounts%ROWTYPE;
BEGIN
    IF coalesce(current_setting('reservaflow.action', true), '') <> 'guest_password' THEN
        RAISE EXCEPTION 'a password change must be declared (guest_password)' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_hash IS NULL OR p_hash NOT LIKE '$argon2id$%' THEN
        RAISE EXCEPTION 'a password is stored only as an argon2id hash' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT * INTO acct FROM guest_accounts WHERE id = p_account FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no guest account %', p_account USING ERRCODE = 'no_data_found';
    END IF;
    -- A reset names its link: it must be the account's, a reset link, and not spent (a second click, or a
    -- link that an earlier reset or change already spent, sets nothing).
    IF p_link IS NOT NULL AND NOT EXISTS (SELECT 1 FROM account_links WHERE id = p_link AND account_id = p_account
                                          AND purpose = 'reset' AND used_at IS NULL) THEN
        RAISE EXCEPTION 'this reset link was already used' USING ERRCODE = 'check_violation', CONSTRAINT = 'account_links_single_use';
    END IF;
    UPDATE guest_accounts SET password_hash = p_hash, failed_logins = 0, locked_until = NULL,
           verified_at = CASE WHEN p_link IS NOT NULL THEN coalesce(verified_at, now()) ELSE verified_at END
     WHERE id = p_account;
    UPDATE account_links SET used_at = now() WHERE account_id = p_account AND purpose = 'reset' AND used_at IS NULL;
    UPDATE api_tokens SET revoked_at = now() WHERE account_id = p_account AND revoked_at IS NULL;
    INSERT INTO account_mails (account_id, kind, recipient, first_name, language, message_id, scheduled_for)
    VALUES (p_account, 'password_changed', acct.email, acct.first_name, acct.language, p_message_id, now());
END $$;
REVOKE ALL ON FUNCTION reservaflow_set_guest_password(bigint, text, bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION reservaflow_set_guest_password(bigint, text, bigint, text) TO reservaflow_online;

-- The API: links and mails it makes, a link it spends, the profile a guest edits (never the hash, the
-- e-mail or the sign-in bookkeeping beyond migration 19's).
GRANT SELECT, INSERT ON account_links TO reservaflow_online;
GRANT UPDATE (used_at) ON account_links TO reservaflow_online;
GRANT INSERT ON account_mails TO reservaflow_online;
GRANT SELECT, INSERT ON link_requests TO reservaflow_online;
GRANT UPDATE (first_name, last_name, phone, language, marketing_consent, verified_at) ON guest_accounts TO reservaflow_online;
-- The daemon: sends account mails, reads the link a mail names, prunes old requests.
GRANT SELECT, UPDATE ON account_mails TO reservaflow_jobs;
GRANT SELECT ON account_links TO reservaflow_jobs;
GRANT SELECT, DELETE ON link_requests TO reservaflow_jobs;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO reservaflow_online, reservaflow_jobs;
"""#)
}
