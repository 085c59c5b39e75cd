-- Idempotency keys (Stripe semantics, IETF draft-ietf-httpapi-idempotency-key-header): the first successful answer
-- to (principal, operation, key) is stored in the same transaction as its effect and replayed to retries.
create table idempotency_key (
    principal       text not null,
    operation       text not null,
    key             text not null,
    request_hash    text not null,
    response_status integer not null,
    response_body   text not null,
    response_location text,
    created_at      timestamptz not null,
    expires_at      timestamptz not null,
    primary key (principal, operation, key)
);
create index idempotency_key_expiry on idempotency_key (expires_at);
