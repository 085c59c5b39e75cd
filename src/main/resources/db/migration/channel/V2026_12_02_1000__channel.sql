-- Channel accounts and the raw provider requests they receive (RELIABILITY §3.2).

create table channel_account (
    id          uuid primary key,
    type        text        not null,
    name        text        not null,
    -- settings that are not secret, shown by the API
    settings    jsonb       not null,
    -- write-only: never shown, never logged
    secrets     jsonb       not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    unique (type, name)
);

-- Every authentic provider request, raw (bytea: jsonb would refuse \u0000 and lone surrogates), stored with its
-- de-duplication key in the transaction that acknowledges it; read again when processed.
create table inbound_event (
    id           uuid primary key,
    channel_id   uuid        not null references channel_account (id),
    dedupe_key   text        not null,
    sub_path     text        not null,
    query        text,
    content_type text,
    raw          bytea       not null,
    received_at  timestamptz not null,
    -- stored | processed | quarantined
    status       text        not null,
    reason       text,
    processed_at timestamptz,
    unique (channel_id, dedupe_key)
);

create index inbound_event_pending on inbound_event (received_at) where status = 'stored';
