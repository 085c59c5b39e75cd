-- Marketing (module marketing): the sending rules, segments, templates, journeys with their versions, the customers
-- in them, every send, skip and deferral, the links in sent messages, and counts that outlive erasure.

-- The rules every marketing send obeys (one row; absent means the defaults).
create table marketing_settings (
    id                  smallint primary key default 1 check (id = 1),
    cap_count           integer  not null check (cap_count >= 0),
    cap_period          text     not null,
    quiet_from          text,
    quiet_to            text,
    default_time_zone   text     not null,
    attribution_window  text     not null,
    agent_reply_window  text     not null,
    updated_at          timestamptz not null
);

create table marketing_segment (
    id         uuid primary key,
    name       text        not null,
    rules      jsonb       not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

create table marketing_template (
    id         uuid primary key,
    name       text        not null,
    channel    text        not null,
    locale     text,
    subject    text,
    body       text        not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

create table marketing_journey (
    id         uuid primary key,
    name       text        not null,
    -- a journey customers enter on a trigger, or a broadcast: one send to a segment's members at a time
    kind       text        not null default 'journey' check (kind in ('journey', 'broadcast')),
    status     text        not null check (status in ('draft', 'live', 'paused')),
    -- a broadcast's audience was taken from its segment then (once)
    released_at timestamptz,
    -- the version new entries take; a live journey is never edited in place, an edit adds a version
    version    integer     not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

create table marketing_journey_version (
    journey_id uuid        not null references marketing_journey (id),
    version    integer     not null,
    definition jsonb       not null,
    created_at timestamptz not null,
    primary key (journey_id, version)
);

-- A customer in a journey: at a step, due at a time (the durable wait), under the version it entered with.
create table marketing_instance (
    id                   uuid primary key,
    journey_id           uuid        not null references marketing_journey (id),
    version              integer     not null,
    customer_id          uuid        not null,
    original_customer_id uuid        not null,
    step_id              text        not null,
    status               text        not null check (status in ('active', 'sending', 'completed', 'exited')),
    due_at               timestamptz,
    entered_at           timestamptz not null,
    updated_at           timestamptz not null,
    exit_reason          text,
    -- what the run is about, for entries that can come again (a replenishment: the SKU and the purchase it follows)
    context              text,
    foreign key (journey_id, version) references marketing_journey_version (journey_id, version)
);
-- one running instance per journey and customer
create unique index marketing_instance_running on marketing_instance (journey_id, customer_id)
    where status in ('active', 'sending');
create index marketing_instance_due on marketing_instance (due_at) where status = 'active';
create index marketing_instance_customer on marketing_instance (customer_id, journey_id, context);

-- Every send, skip, deferral and failure: the outbox row of a send is keyed by (instance, step), so a retried or
-- failed-over run finds it and never sends twice.
create table marketing_message (
    id                   uuid primary key,
    instance_id          uuid references marketing_instance (id),
    journey_id           uuid,
    step_id              text        not null,
    customer_id          uuid        not null,
    original_customer_id uuid        not null,
    purpose              text        not null,
    channel              text,
    status               text        not null check (status in ('sending', 'sent', 'delivered', 'opened', 'clicked',
                                                                'skipped', 'deferred', 'failed')),
    reason               text,
    detail               text,
    at                   timestamptz not null,
    due_at               timestamptz,
    token                text        not null unique,
    attributed_order_id  uuid unique,
    revenue              bigint,
    currency             char(3),
    unique (instance_id, step_id)
);
create index marketing_message_customer on marketing_message (customer_id, at desc, id desc);

-- The links of a sent message, rewritten to /r/{token}: a click goes only to the URL stored here.
create table marketing_link (
    token      text primary key,
    message_id uuid not null references marketing_message (id) on delete cascade,
    url        text not null
);

-- An agent's outbound reply: it counts against the marketing frequency cap.
create table marketing_contact (
    customer_id uuid        not null,
    at          timestamptz not null
);
create index marketing_contact_customer on marketing_contact (customer_id, at desc);

-- Per journey step and metric (entered, sent, skipped:<reason>, clicked, converted …): counts without customers,
-- which stay when a customer's rows are erased.
create table marketing_count (
    journey_id uuid   not null,
    step_id    text   not null,
    metric     text   not null,
    n          bigint not null,
    revenue    bigint not null default 0,
    primary key (journey_id, step_id, metric)
);

-- How far marketing has read the tracked events (one row; the node holding its lock is the one that reads).
create table marketing_event_position (
    id       smallint primary key default 1 check (id = 1),
    position bigint   not null
);
