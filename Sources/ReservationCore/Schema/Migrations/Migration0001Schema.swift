import ReservationDomain
// Migration 1: the whole initial schema. Embedded in the binary so `reservaflow migrate` works wherever it is copied.
extension Migration {
    static let v1Schema = Migration(version: 1, name: "schema", sql: #"""
-- ReservaFlow schema. restaurant_id is part of every key and foreign key so the schema can be
-- distributed by venue (Citus or similar) without rework.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE restaurants (
    id                 bigserial PRIMARY KEY,
    slug               text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
    name               text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    time_zone          text NOT NULL,
    phone              text,
    email              text,
    address            text,
    description        text,
    phone_country_code text NOT NULL DEFAULT '34' CHECK (phone_country_code ~ '^[1-9][0-9]{0,2}$'),
    hold_minutes       int  NOT NULL DEFAULT 15 CHECK (hold_minutes BETWEEN 1 AND 1440),
    advance_days       int  NOT NULL DEFAULT 60 CHECK (advance_days BETWEEN 0 AND 730),
    min_party          int  NOT NULL DEFAULT 1 CHECK (min_party >= 1),
    max_party          int  NOT NULL DEFAULT 12 CHECK (max_party <= 200),
    reminder_hours     int  NOT NULL DEFAULT 24 CHECK (reminder_hours BETWEEN 0 AND 168),
    accepts_walk_ins   boolean NOT NULL DEFAULT true,
    created_at         timestamptz NOT NULL DEFAULT now(),
    CHECK (min_party <= max_party)
);

CREATE TABLE turn_times (
    restaurant_id bigint NOT NULL REFERENCES restaurants(id) ON DELETE CASCADE,
    up_to_party   int NOT NULL CHECK (up_to_party >= 1),
    minutes       int NOT NULL CHECK (minutes BETWEEN 15 AND 720),
    PRIMARY KEY (restaurant_id, up_to_party)
);

-- A service on an ISO weekday (Monday = 1). closes <= opens means the service ends after midnight.
CREATE TABLE opening_hours (
    restaurant_id bigint NOT NULL REFERENCES restaurants(id) ON DELETE CASCADE,
    weekday       smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    service       text NOT NULL CHECK (length(service) BETWEEN 1 AND 40),
    opens         time NOT NULL,
    closes        time NOT NULL,
    PRIMARY KEY (restaurant_id, weekday, opens)
);

CREATE TABLE closures (
    restaurant_id bigint NOT NULL REFERENCES restaurants(id) ON DELETE CASCADE,
    starts_on     date NOT NULL,
    ends_on       date NOT NULL,
    reason        text NOT NULL DEFAULT '',
    PRIMARY KEY (restaurant_id, starts_on),
    CHECK (starts_on <= ends_on)
);

CREATE TABLE areas (
    id            bigserial,
    restaurant_id bigint NOT NULL REFERENCES restaurants(id) ON DELETE CASCADE,
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
    sort_order    int NOT NULL DEFAULT 0,
    PRIMARY KEY (restaurant_id, id),
    UNIQUE (id),
    UNIQUE (restaurant_id, name)
);

CREATE TABLE dining_tables (
    id            bigserial,
    restaurant_id bigint NOT NULL,
    area_id       bigint NOT NULL,
    label         text NOT NULL CHECK (label ~ '^[A-Za-z0-9-]{1,8}$'),
    min_covers    int NOT NULL CHECK (min_covers >= 1),
    max_covers    int NOT NULL CHECK (max_covers BETWEEN 1 AND 100),
    x             int NOT NULL DEFAULT 0 CHECK (x BETWEEN 0 AND 1000),
    y             int NOT NULL DEFAULT 0 CHECK (y BETWEEN 0 AND 1000),
    width         int NOT NULL DEFAULT 2 CHECK (width BETWEEN 1 AND 50),
    height        int NOT NULL DEFAULT 1 CHECK (height BETWEEN 1 AND 50),
    shape         text NOT NULL DEFAULT 'rect' CHECK (shape IN ('rect', 'round', 'booth', 'bar')),
    features      text[] NOT NULL DEFAULT '{}',
    active        boolean NOT NULL DEFAULT true,
    PRIMARY KEY (restaurant_id, id),
    UNIQUE (id),
    UNIQUE (restaurant_id, label),
    FOREIGN KEY (restaurant_id, area_id) REFERENCES areas(restaurant_id, id) ON DELETE RESTRICT,
    CHECK (min_covers <= max_covers)
);

CREATE TABLE customers (
    id                bigserial,
    restaurant_id     bigint NOT NULL REFERENCES restaurants(id) ON DELETE CASCADE,
    name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    -- NULL only for walk-ins who gave no number.
    phone             text CHECK (phone ~ '^\+[1-9][0-9]{7,14}$'),
    email             text CHECK (email IS NULL OR (length(email) <= 254 AND email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$')),
    notes             text NOT NULL DEFAULT '' CHECK (length(notes) <= 500),
    allergies         text NOT NULL DEFAULT '' CHECK (length(allergies) <= 300),
    tags              text[] NOT NULL DEFAULT '{}',
    marketing_consent boolean NOT NULL DEFAULT false,
    visits            int NOT NULL DEFAULT 0 CHECK (visits >= 0),
    cancellations     int NOT NULL DEFAULT 0 CHECK (cancellations >= 0),
    no_shows          int NOT NULL DEFAULT 0 CHECK (no_shows >= 0),
    last_visit_at     timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (restaurant_id, id),
    UNIQUE (id),
    UNIQUE (restaurant_id, phone)
);
CREATE INDEX customers_name_search ON customers (restaurant_id, lower(name) text_pattern_ops);

CREATE TABLE staff (
    id               bigserial PRIMARY KEY,
    username         text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9._-]{2,32}$'),
    display_name     text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 60),
    role             text NOT NULL CHECK (role IN ('host', 'manager', 'admin')),
    password_hash    text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    active           boolean NOT NULL DEFAULT true,
    failed_logins    int NOT NULL DEFAULT 0,
    locked_until     timestamptz,
    last_login_at    timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now()
);

-- Which venues a staff member works at (admins see all).
CREATE TABLE staff_restaurants (
    staff_id      bigint NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    restaurant_id bigint NOT NULL REFERENCES restaurants(id) ON DELETE CASCADE,
    PRIMARY KEY (staff_id, restaurant_id)
);

CREATE TABLE reservations (
    id            uuid NOT NULL DEFAULT gen_random_uuid(),
    restaurant_id bigint NOT NULL,
    table_id      bigint NOT NULL,
    customer_id   bigint NOT NULL,
    party_size    int NOT NULL CHECK (party_size BETWEEN 1 AND 200),
    starts_at     timestamptz NOT NULL,
    ends_at       timestamptz NOT NULL,
    status        text NOT NULL CHECK (status IN ('pending', 'confirmed', 'seated', 'completed', 'cancelled', 'no_show', 'expired')),
    source        text NOT NULL CHECK (source IN ('phone', 'walk_in', 'online', 'staff')),
    expires_at    timestamptz,
    notes         text NOT NULL DEFAULT '' CHECK (length(notes) <= 500),
    created_by    text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    seated_at     timestamptz,
    completed_at  timestamptz,
    period        tstzrange GENERATED ALWAYS AS (tstzrange(starts_at, ends_at, '[)')) STORED,
    PRIMARY KEY (restaurant_id, id),
    UNIQUE (id),
    FOREIGN KEY (restaurant_id, table_id) REFERENCES dining_tables(restaurant_id, id),
    FOREIGN KEY (restaurant_id, customer_id) REFERENCES customers(restaurant_id, id),
    CHECK (ends_at > starts_at),
    CHECK (status <> 'pending' OR expires_at IS NOT NULL),
    -- The rule the Django original missed: no two live bookings of one table overlap, whatever Redis says.
    CONSTRAINT reservations_no_overlap EXCLUDE USING gist (
        restaurant_id WITH =, table_id WITH =, period WITH &&
    ) WHERE (status IN ('pending', 'confirmed', 'seated'))
);
CREATE INDEX reservations_day ON reservations (restaurant_id, starts_at);
CREATE INDEX reservations_customer ON reservations (restaurant_id, customer_id, starts_at DESC);
CREATE INDEX reservations_pending_expiry ON reservations (expires_at) WHERE status = 'pending';

CREATE TABLE waitlist (
    id             bigserial,
    restaurant_id  bigint NOT NULL REFERENCES restaurants(id) ON DELETE CASCADE,
    customer_id    bigint,
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    phone          text CHECK (phone IS NULL OR phone ~ '^\+[1-9][0-9]{7,14}$'),
    party_size     int NOT NULL CHECK (party_size BETWEEN 1 AND 200),
    quoted_minutes int NOT NULL DEFAULT 0 CHECK (quoted_minutes >= 0),
    status         text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'notified', 'seated', 'removed')),
    notes          text NOT NULL DEFAULT '' CHECK (length(notes) <= 500),
    reservation_id uuid,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (restaurant_id, id),
    UNIQUE (id)
);

-- The outbox: e-mails are rows, claimed by the daemon with FOR UPDATE SKIP LOCKED and a lease.
CREATE TABLE notifications (
    id             bigserial,
    restaurant_id  bigint NOT NULL REFERENCES restaurants(id) ON DELETE CASCADE,
    reservation_id uuid,
    kind           text NOT NULL CHECK (kind IN ('confirmation', 'reminder', 'cancellation')),
    recipient      text NOT NULL,
    subject        text NOT NULL CHECK (subject !~ '[\r\n]'),
    body           text NOT NULL,
    message_id     text NOT NULL UNIQUE,
    scheduled_for  timestamptz NOT NULL,
    status         text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
    attempts       int NOT NULL DEFAULT 0,
    last_error     text,
    lease_until    timestamptz,
    locked_by      text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    sent_at        timestamptz,
    PRIMARY KEY (restaurant_id, id),
    UNIQUE (id)
);
CREATE INDEX notifications_due ON notifications (scheduled_for) WHERE status IN ('pending', 'sending');

-- Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE for every role the application uses.
CREATE TABLE audit_log (
    id            bigserial PRIMARY KEY,
    restaurant_id bigint,
    staff_id      bigint,
    actor         text NOT NULL,
    action        text NOT NULL,
    entity        text NOT NULL,
    entity_id     text,
    before        jsonb,
    after         jsonb,
    at            timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();

-- Visits, cancellations and no-shows follow reservation statuses through any write path: each counter is
-- a function of status (visit: seated or completed), so a change adds the new status and removes the old.
CREATE FUNCTION customer_counts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    dv int := 0; dc int := 0; dn int := 0;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        dv := dv - (OLD.status IN ('seated', 'completed'))::int;
        dc := dc - (OLD.status = 'cancelled')::int;
        dn := dn - (OLD.status = 'no_show')::int;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        dv := dv + (NEW.status IN ('seated', 'completed'))::int;
        dc := dc + (NEW.status = 'cancelled')::int;
        dn := dn + (NEW.status = 'no_show')::int;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.customer_id <> NEW.customer_id THEN
        RAISE EXCEPTION 'a reservation cannot change guest; cancel it and book again';
    END IF;
    IF dv <> 0 OR dc <> 0 OR dn <> 0 THEN
        UPDATE customers c SET visits = c.visits + dv, cancellations = c.cancellations + dc, no_shows = c.no_shows + dn,
               last_visit_at = CASE WHEN dv > 0 THEN greatest(c.last_visit_at, coalesce(NEW.seated_at, NEW.starts_at)) ELSE c.last_visit_at END
         WHERE c.restaurant_id = coalesce(NEW.restaurant_id, OLD.restaurant_id)
           AND c.id = coalesce(NEW.customer_id, OLD.customer_id);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER reservations_customer_counts AFTER INSERT OR UPDATE OF status OR DELETE ON reservations
    FOR EACH ROW EXECUTE FUNCTION customer_counts();

-- The daemon writes its heartbeat here; terminals show it.
CREATE TABLE heartbeats (
    component text PRIMARY KEY,
    instance  text NOT NULL,
    beat_at   timestamptz NOT NULL
);

-- The change feed: terminals LISTEN on reservaflow_changes and reload what changed.
CREATE FUNCTION notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    rec record;
BEGIN
    IF TG_OP = 'DELETE' THEN rec := OLD; ELSE rec := NEW; END IF;
    PERFORM pg_notify('reservaflow_changes', json_build_object(
        'restaurant_id', rec.restaurant_id, 'entity', TG_TABLE_NAME, 'id', rec.id::text, 'op', lower(TG_OP))::text);
    RETURN NULL;
END $$;
CREATE TRIGGER reservations_changed AFTER INSERT OR UPDATE OR DELETE ON reservations
    FOR EACH ROW EXECUTE FUNCTION notify_change();
CREATE TRIGGER tables_changed AFTER INSERT OR UPDATE OR DELETE ON dining_tables
    FOR EACH ROW EXECUTE FUNCTION notify_change();
CREATE TRIGGER waitlist_changed AFTER INSERT OR UPDATE OR DELETE ON waitlist
    FOR EACH ROW EXECUTE FUNCTION notify_change();
"""#)
}
