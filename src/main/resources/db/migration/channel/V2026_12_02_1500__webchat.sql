-- Web chat: a session per visitor (the token is kept hashed and travels in a header, never in a URL) and what the
-- visitor sees: their messages and the replies sent to them — never notes, which are never sent.
create table webchat_session (
    id            uuid primary key,
    channel_id    uuid        not null references channel_account (id),
    token_hash    text        not null unique,
    anonymous_id  text,
    user_id       text,
    user_verified boolean     not null default false,
    email         text,
    name          text,
    created_at    timestamptz not null,
    last_seen_at  timestamptz not null
);

create table webchat_message (
    id         bigserial primary key,
    session_id uuid        not null references webchat_session (id),
    -- in | out
    direction  text        not null,
    client_id  text,
    message_id uuid,
    author     text,
    content    text        not null,
    at         timestamptz not null,
    unique (session_id, client_id),
    unique (message_id)
);

create index webchat_message_session on webchat_message (session_id, id);
