-- Segment-compatible tracking (module tracking): events, the messageIds seen (de-duplication) and sessions.
-- Keys of the large tables start with customer_id, the distribution column should they move to Citus.
CREATE TABLE tracking_event (
    customer_id        uuid                     NOT NULL,
    id                 uuid                     NOT NULL,
    -- the customer the event was first attributed to; merges move customer_id, undo moves it back by this
    first_customer_id  uuid                     NOT NULL,
    message_id         text                     NOT NULL,
    call               text                     NOT NULL CHECK (call IN ('track', 'page', 'screen', 'identify', 'group', 'alias')),
    type               text                     NOT NULL,
    name               text,
    channel            text                     NOT NULL,
    write_key_id       uuid                     NOT NULL,
    anonymous_id       text,
    user_id            text,
    session_id         uuid,
    occurred_at        timestamp with time zone NOT NULL,
    received_at        timestamp with time zone NOT NULL,
    original_timestamp timestamp with time zone,
    sent_at            timestamp with time zone,
    properties         jsonb,
    traits             jsonb,
    context            jsonb,
    PRIMARY KEY (customer_id, id)
);
CREATE INDEX tracking_event_timeline_idx ON tracking_event (customer_id, occurred_at DESC, id DESC);

-- Every messageId accepted, so a redelivered event (same messageId, in any batch) is stored once.
CREATE TABLE tracking_message (
    message_id  text                     NOT NULL PRIMARY KEY,
    received_at timestamp with time zone NOT NULL
);

-- Sessions per device: a gap of more than the session timeout (30 minutes) starts a new one.
CREATE TABLE tracking_session (
    customer_id       uuid                     NOT NULL,
    id                uuid                     NOT NULL,
    first_customer_id uuid                     NOT NULL,
    device            text                     NOT NULL,
    channel           text                     NOT NULL,
    started_at        timestamp with time zone NOT NULL,
    last_at           timestamp with time zone NOT NULL,
    events            integer                  NOT NULL,
    pages             integer                  NOT NULL,
    PRIMARY KEY (customer_id, id),
    CHECK (last_at >= started_at)
);
CREATE INDEX tracking_session_device_idx ON tracking_session (device, last_at DESC);
