import ReservationDomain
// Migration 40: registration says nothing about whether an address has an account (issue 24). A
// registration for a taken address answers as a new one would (201, the same fields), and the account's
// owner gets a mail instead: "someone tried to register with your address; sign in, or reset the password".
// So only the address's owner learns that it is registered.
//
// - `account_mails.kind` gains `already_registered`, a mail with no link (like `password_changed`).
// - At most one such mail an hour per account: a registration form hammered with someone's address sends
//   them one notice, not a flood. The rule is a trigger, not a query in the API, because the API's role may
//   only INSERT into the account outbox (migration 30); the trigger reads it as the owner and drops the row.
extension Migration {
    static let v40RegistrationTellsNoOne = Migration(version: 40, name: "registration tells no one", sql: #"""
ALTER TABLE account_mails DROP CONSTRAINT account_mails_kind_check;
ALTER TABLE account_mails ADD CONSTRAINT account_mails_kind_check
    CHECK (kind IN ('verify', 'reset', 'password_changed', 'already_registered'));
ALTER TABLE account_mails DROP CONSTRAINT account_mails_check;
ALTER TABLE account_mails ADD CONSTRAINT account_mails_link_check
    CHECK ((kind IN ('password_changed', 'already_registered')) = (link_id IS NULL));

CREATE FUNCTION account_mails_one_notice_an_hour() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM account_mails WHERE account_id = NEW.account_id AND kind = 'already_registered'
               AND created_at > NEW.created_at - interval '1 hour') THEN
        RETURN NULL;
    END IF;
    RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION account_mails_one_notice_an_hour() FROM PUBLIC;
CREATE TRIGGER account_mails_one_notice_an_hour BEFORE INSERT ON account_mails
    FOR EACH ROW WHEN (NEW.kind = 'already_registered') EXECUTE FUNCTION account_mails_one_notice_an_hour();
CREATE INDEX account_mails_by_account ON account_mails (account_id, kind, created_at);
"""#)
}
