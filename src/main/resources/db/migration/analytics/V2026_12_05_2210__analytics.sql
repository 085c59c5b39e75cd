-- Analytics (module analytics): its own read tables, fed by the other modules' events and the tracked-event feed.
--
-- A touch is one thing a person did on a channel: a tracked event, an inbound message or call, an order, a return.
-- Sessions are derived from touches, per customer, channel and device (the browser or app install for web and app,
-- the call for phone, the store for store visits, the contact for message channels), by one rule: a gap of more
-- than the session timeout starts a new session. Whatever changes a customer's touches (a late event, a merge, an
-- undo) marks the customer; the customer's sessions are then derived afresh, so incremental figures always equal a
-- rebuild from the touches.
create table analytics_touch (
    -- where it came from, unique: event:<position>, message:<id>, order:<id>, return:<id>
    source            text        primary key,
    customer_id       uuid        not null,
    -- the customer it resolved to when it arrived (merges move customer_id, an undo moves it back by this)
    first_customer_id uuid        not null,
    channel           text        not null,
    device            text        not null,
    kind              text        not null check (kind in ('event', 'message', 'order', 'return')),
    -- a tracked event's type as the timeline types it (product_viewed, product_added, checkout_started, …)
    event_type        text,
    -- whether it makes or extends a session (an order on the web converts a session; in a store it is the visit)
    in_session        boolean     not null,
    at                timestamptz not null,
    conversation_id   uuid,
    order_id          uuid,
    amount            bigint,
    currency          text,
    units             integer,
    -- for a return: the channel the goods were sold on
    sold_on           text,
    -- the person was erased: the row counts, under a random customer id no one can be traced to
    erased            boolean     not null default false
);
-- one index for the bulk of touches (the tracked events): deriving a customer's sessions reads them by customer;
-- orders and returns, few beside the events, get small partial indexes of their own (conversions, the reports)
create index analytics_touch_customer_idx on analytics_touch (customer_id, channel, device, at);
create index analytics_touch_order_idx on analytics_touch (customer_id, channel, at) where kind = 'order';
create index analytics_touch_sale_idx on analytics_touch (at) where kind in ('order', 'return');

create table analytics_session (
    customer_id       uuid        not null,
    channel           text        not null,
    device            text        not null,
    started_at        timestamptz not null,
    ended_at          timestamptz not null,
    touches           integer     not null,
    -- the first touch's customer at arrival, and whether that customer had history before this session
    first_customer_id uuid        not null,
    recognised        boolean     not null,
    conversation_id   uuid,
    -- an order on the session's channel during the session or within the conversion window after it
    converted         boolean     not null,
    -- the shopping funnel: the session viewed a product, added one to the cart, started a checkout
    viewed            boolean     not null,
    carted            boolean     not null,
    checked_out       boolean     not null,
    primary key (customer_id, channel, device, started_at),
    check (ended_at >= started_at)
);
create index analytics_session_started_idx on analytics_session (started_at);

-- Conversations as analytics needs them: whether one was still open when the customer came back elsewhere, and the
-- service figures (the channel of the customer's first message, the first answer, the resolution, the survey).
create table analytics_conversation (
    conversation_id uuid        primary key,
    customer_id     uuid        not null,
    opened_at       timestamptz not null,
    channel         text,
    first_reply_at  timestamptz,
    resolved_at     timestamptz,
    csat            smallint
);
create index analytics_conversation_opened_idx on analytics_conversation (opened_at);

-- Customers whose sessions are to be derived again (written with their touches, drained by the rollup job).
create table analytics_dirty (
    customer_id uuid primary key
);
