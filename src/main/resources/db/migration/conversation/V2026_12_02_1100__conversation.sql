-- One conversation per customer across channels; messages of every channel in it.

create table conversation (
    id                 uuid primary key,
    customer_id        uuid        not null,
    -- open | resolved | merged
    status             text        not null,
    opened_at          timestamptz not null,
    resolved_at        timestamptz,
    last_message_at    timestamptz not null,
    -- who the conversation waits on: agent | customer
    waiting_on         text        not null default 'agent',
    waiting_since      timestamptz not null,
    last_inbound_channel_id uuid,
    last_channel_type  text,
    assignee_id        uuid,
    handoff_summary    text,
    csat_score         integer,
    csat_comment       text,
    csat_requested_at  timestamptz,
    merged_into        uuid,
    version            bigint      not null default 0
);

-- the rule itself: at most one open conversation per customer, whatever the channel
create unique index conversation_one_open on conversation (customer_id) where status = 'open';
create index conversation_customer on conversation (customer_id, opened_at desc);
create index conversation_inbox on conversation (status, waiting_since) where status = 'open';

create table message (
    id              uuid primary key,
    conversation_id uuid        not null references conversation (id),
    customer_id     uuid        not null,
    channel_id      uuid,
    channel_type    text,
    -- in | out | note
    direction       text        not null,
    -- customer | agent | bot | system
    author_type     text        not null,
    author_id       text,
    author_name     text,
    -- message | call | auto_reply | system | csat
    kind            text        not null default 'message',
    content         text        not null,
    attachments     jsonb       not null default '[]',
    details         jsonb       not null default '{}',
    external_id     text,
    client_id       text,
    reply_to        text,
    address         text,
    status          text        not null,
    status_at       timestamptz not null,
    error           text,
    attempts        integer     not null default 0,
    next_attempt_at timestamptz,
    created_at      timestamptz not null,
    received_at     timestamptz not null,
    seq             bigserial
);

-- a provider's redelivery never duplicates a message; an agent's double submit neither
create unique index message_external on message (channel_id, external_id) where external_id is not null;
create unique index message_client on message (conversation_id, client_id) where client_id is not null;
create index message_thread on message (conversation_id, created_at, seq);
create index message_customer on message (customer_id, created_at desc);
create index message_outbox on message (next_attempt_at) where status in ('queued', 'retrying');
create index message_in_flight on message (status_at) where status in ('sending', 'unknown');

create table canned_reply (
    id         uuid primary key,
    shortcut   text        not null unique,
    title      text        not null,
    content    text        not null,
    created_at timestamptz not null
);
