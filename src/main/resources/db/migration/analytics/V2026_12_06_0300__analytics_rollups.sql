-- Rollups: the additive figures per channel in hourly buckets (UTC hours) and daily buckets (days in the business's
-- time zone, oneplace.analytics.time-zone; a bucket is the instant its day begins). Kept by the same statements that
-- derive sessions: the sessions a derivation deletes are subtracted from their buckets and the ones it writes added,
-- so late events, merges, undos and erasure re-aggregate exactly the buckets they touch. Sales (orders, returns) are
-- added as their touches arrive. Reports over whole hours and days read these; the edges of a period that does not
-- fall on bucket boundaries are read from the sessions and touches underneath. A rebuild recomputes them.
create table analytics_rollup (
    grain        text        not null check (grain in ('hour', 'day')),
    bucket       timestamptz not null,
    channel      text        not null,
    sessions     bigint      not null default 0,
    -- the sum of the sessions' lengths, in seconds (exact: the derivation works in microseconds)
    seconds      numeric     not null default 0,
    -- single-touch sessions, and sessions converted by an order on the channel
    bounces      bigint      not null default 0,
    converted    bigint      not null default 0,
    -- the shopping funnel: sessions that viewed; viewed and carted; … and checked out; … and converted
    viewed       bigint      not null default 0,
    carted       bigint      not null default 0,
    checked_out  bigint      not null default 0,
    ordered      bigint      not null default 0,
    primary key (grain, bucket, channel)
);

create table analytics_sales_rollup (
    grain          text        not null check (grain in ('hour', 'day')),
    bucket         timestamptz not null,
    channel        text        not null,
    currency       text        not null,
    orders         bigint      not null default 0,
    amount         bigint      not null default 0,
    units_sold     bigint      not null default 0,
    -- returns: units by the channel they were sold on (currency '' for returns), and by the channel they came back
    units_returned bigint      not null default 0,
    units_returned_here bigint not null default 0,
    primary key (grain, bucket, channel, currency)
);

-- Analytics' own settings of record: the zone the daily buckets were built in (rollup_zone). When the configured
-- zone differs (or the rollups were never built: an upgrade), the next run builds them again.
create table analytics_state (
    key   text primary key,
    value text not null
);
