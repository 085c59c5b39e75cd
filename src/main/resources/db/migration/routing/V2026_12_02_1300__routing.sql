-- SLA policies and each conversation's SLA clocks.
create table sla_policy (
    id                 uuid primary key,
    name               text        not null unique,
    -- the team whose conversations it covers; null = every conversation no team's policy covers
    team_id            uuid unique,
    first_response_s   bigint      not null,
    next_response_s    bigint,
    resolution_s       bigint,
    -- {"timezone": "Europe/Berlin", "hours": {"mon": "09:00-17:00", …}}; empty hours = around the clock
    business_hours     jsonb       not null,
    -- ISO dates (yyyy-mm-dd)
    holidays           text[]      not null default '{}',
    created_at         timestamptz not null
);

create table conversation_sla (
    conversation_id         uuid primary key,
    policy_id               uuid        not null references sla_policy (id),
    team_id                 uuid,
    started_at              timestamptz not null,
    first_response_due      timestamptz not null,
    first_response_at       timestamptz,
    first_response_breached boolean     not null default false,
    next_response_due       timestamptz,
    next_response_breached  boolean     not null default false,
    resolution_due          timestamptz,
    resolved_at             timestamptz,
    resolution_breached     boolean     not null default false,
    -- while the conversation waits on the customer the clocks stand still
    paused_since            timestamptz,
    escalations             integer     not null default 0
);

create index conversation_sla_due on conversation_sla (first_response_due, next_response_due, resolution_due)
    where resolved_at is null;
