-- Fulfilment: pickups waiting at a counter (with their code and deadline), and returns taken anywhere.
create table pickup (
    order_id      uuid primary key,
    location_code text not null,
    code          text not null,
    status        text not null check (status in ('ready', 'collected', 'cancelled')),
    ready_at      timestamptz not null,
    deadline      timestamptz not null,
    closed_at     timestamptz,
    notice_channel text,
    notice_status  text not null default 'pending',
    notice_detail  text
);
create index pickup_due on pickup (deadline) where status = 'ready';
create index pickup_code on pickup (location_code, code) where status = 'ready';

create table return_request (
    id              uuid primary key,
    order_id        uuid not null,
    status          text not null check (status in ('requested', 'received')),
    reason          text not null,
    channel         text,
    refund_amount   bigint not null,
    currency        char(3) not null,
    location_code   text,
    created_by      text not null,
    created_at      timestamptz not null,
    received_at     timestamptz
);
create index return_request_order on return_request (order_id);

create table return_line (
    return_id uuid not null references return_request (id),
    sku       text not null,
    quantity  integer not null check (quantity > 0),
    primary key (return_id, sku)
);
