import ReservationDomain
// Migration 6: the online channel (reservaflow-api). Guest accounts, API tokens and idempotency keys.
extension Migration {
    static let v6OnlineGuests = Migration(version: 6, name: "online_guests", sql: #"""
-- A guest who books online. Global, like the original's Customer: one account books at any venue, and each
-- venue keeps its own guest record (customers) linked to the account, so a venue's notes, allergies and
-- counters stay the venue's.
CREATE TABLE guest_accounts (
    id             bigserial PRIMARY KEY,
    email          text NOT NULL CHECK (length(email) <= 254 AND email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' AND email = lower(email)),
    password_hash  text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    first_name     text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 50),
    last_name      text NOT NULL CHECK (length(last_name) BETWEEN 0 AND 50),
    phone          text NOT NULL CHECK (phone ~ '^\+[1-9][0-9]{7,14}$'),
    failed_logins  int NOT NULL DEFAULT 0,
    locked_until   timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (email)
);

ALTER TABLE customers ADD COLUMN account_id bigint REFERENCES guest_accounts(id) ON DELETE SET NULL;
CREATE UNIQUE INDEX customers_account ON customers (restaurant_id, account_id) WHERE account_id IS NOT NULL;

-- Bearer tokens, opaque and stored hashed (BLAKE2b of the token): a stolen database copy holds no usable
-- token. A refresh token is used once: refreshing revokes it and issues a new pair in the same family, and
-- a revoked refresh token presented again revokes the whole family (a thief and the owner cannot both go on).
CREATE TABLE api_tokens (
    id          bigserial PRIMARY KEY,
    token_hash  text NOT NULL UNIQUE,
    kind        text NOT NULL CHECK (kind IN ('access', 'refresh')),
    family      uuid NOT NULL,
    account_id  bigint REFERENCES guest_accounts(id) ON DELETE CASCADE,
    staff_id    bigint REFERENCES staff(id) ON DELETE CASCADE,
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((account_id IS NULL) <> (staff_id IS NULL))
);
CREATE INDEX api_tokens_family ON api_tokens (family);
CREATE INDEX api_tokens_expiry ON api_tokens (expires_at);

-- Idempotency-Key: the first answer to a (caller, key) is kept 24 h and replayed to a retry with the same
-- request; the same key with another request is refused. status 0 = the first request is still running.
CREATE TABLE idempotency_keys (
    principal     text NOT NULL,
    key           text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    request_hash  text NOT NULL,
    status        int NOT NULL DEFAULT 0,
    body          text,
    -- A booking writes its reservation's id here in its own transaction, so a retry after a crash between
    -- the booking's COMMIT and the stored answer finds the booking instead of making a second one.
    reservation_id uuid,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (principal, key)
);
CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);

GRANT SELECT, INSERT, UPDATE, DELETE ON guest_accounts, api_tokens, idempotency_keys TO reservaflow_runtime;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO reservaflow_runtime;
"""#)
}
