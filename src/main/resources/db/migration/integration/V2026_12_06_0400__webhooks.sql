-- Outbound webhooks (module integration), signed per the Standard Webhooks spec.
create table webhook_endpoint (
    id              uuid        primary key,
    url             text        not null,
    -- the event types it receives (customer.merged, order.placed, …)
    events          text[]      not null,
    description     text,
    enabled         boolean     not null default true,
    -- signing secrets, write-only: [{"secret": "whsec_…", "expiresAt": null | instant}], newest first; after a
    -- rotation the old one keeps signing beside the new until it expires, so a receiver can switch without a gap
    secrets         jsonb       not null,
    -- since when every delivery failed (null while it answers); failing for days disables the endpoint
    failing_since   timestamptz,
    disabled_reason text,
    created_at      timestamptz not null,
    updated_at      timestamptz not null
);

-- One event as integrators receive it, made once per domain event (its key), delivered to every endpoint it was for.
create table webhook_message (
    -- the webhook-id header: the same on every attempt, so receivers de-duplicate
    id          text        primary key,
    -- the domain event that made it (type and the ids and time that make it unique): a redelivered event makes none
    event_key   text        not null unique,
    type        text        not null,
    customer_id uuid,
    -- the body, exactly as signed
    payload     text        not null,
    created_at  timestamptz not null
);

create table webhook_delivery (
    id              uuid        primary key,
    -- one customer's deliveries go to an endpoint in the order their events happened (then as recorded): events
    -- from concurrent transactions may be recorded out of order
    occurred_at     timestamptz not null,
    seq             bigserial   not null,
    endpoint_id     uuid        not null references webhook_endpoint (id) on delete cascade,
    message_id      text        not null references webhook_message (id),
    -- the customer (or the message itself when it names none): a later delivery waits for earlier ones
    ordering_key    text        not null,
    status          text        not null check (status in ('pending', 'sending', 'delivered', 'failed')),
    attempts        integer     not null default 0,
    -- the attempts made before the last replay: the retry schedule starts again from there
    replayed_from   integer     not null default 0,
    next_attempt_at timestamptz,
    claimed_at      timestamptz,
    last_status     integer,
    last_millis     integer,
    last_response   text,
    last_error      text,
    created_at      timestamptz not null,
    delivered_at    timestamptz,
    unique (endpoint_id, message_id)
);
create index webhook_delivery_due_idx on webhook_delivery (next_attempt_at) where status = 'pending';
create index webhook_delivery_order_idx on webhook_delivery (endpoint_id, ordering_key, occurred_at, seq)
    where status in ('pending', 'sending');
create index webhook_delivery_endpoint_idx on webhook_delivery (endpoint_id, seq desc);

-- Every attempt, for the delivery log: when, the answer's status and time, its first kilobyte, or why none came.
create table webhook_attempt (
    delivery_id uuid        not null references webhook_delivery (id) on delete cascade,
    attempt     integer     not null,
    at          timestamptz not null,
    status      integer,
    millis      integer     not null,
    response    text,
    error       text,
    primary key (delivery_id, attempt)
);
