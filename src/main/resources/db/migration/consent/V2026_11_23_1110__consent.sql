-- The consent ledger (module consent): one row per choice, never updated; the latest row per channel and purpose is
-- the current state.
CREATE TABLE consent_record (
    id                uuid                     NOT NULL PRIMARY KEY,
    customer_id       uuid                     NOT NULL,
    -- the customer the choice was first recorded for; differs from customer_id after a merge, used by undo
    first_customer_id uuid                     NOT NULL,
    channel           text                     NOT NULL,
    purpose           text                     NOT NULL,
    status            text                     NOT NULL CHECK (status IN ('granted', 'denied', 'revoked')),
    at                timestamp with time zone NOT NULL,
    source            text                     NOT NULL,
    evidence          text                     NOT NULL,
    recorded_by       text                     NOT NULL,
    recorded_at       timestamp with time zone NOT NULL
);
CREATE INDEX consent_record_customer_idx ON consent_record (customer_id, channel, purpose, at DESC, id DESC);
CREATE INDEX consent_record_timeline_idx ON consent_record (customer_id, at DESC, id DESC);
