-- What changed in which conversation, in order: the live inbox streams it (PostgreSQL NOTIFY carries the news across
-- nodes, this table the order and the replay after a reconnect with Last-Event-ID). Kept for a day.
create table conversation_feed (
    id              bigserial primary key,
    conversation_id uuid        not null,
    customer_id     uuid        not null,
    kind            text        not null,
    at              timestamptz not null
);

create index conversation_feed_at on conversation_feed (at);
