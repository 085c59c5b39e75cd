-- Orders: checkout from any channel, their lines at the price the pricing engine quoted, and every step they took.
create sequence order_number start 100001;

create table orders (
    id                   uuid primary key,
    number               bigint not null unique default nextval('order_number'),
    customer_id          uuid not null,
    -- the customer the order was placed for, so an undone merge can take its orders back
    original_customer_id uuid not null,
    customer_name        text,
    channel              text not null,
    fulfilment_type      text not null check (fulfilment_type in ('ship', 'pickup', 'in_store')),
    location_code        text,
    status               text not null,
    payment_status       text not null,
    payment_reference    text,
    currency             char(3) not null,
    subtotal             bigint not null,
    discount             bigint not null,
    total                bigint not null,
    refunded             bigint not null default 0 check (refunded >= 0),
    codes                text[] not null default '{}',
    created_at           timestamptz not null,
    updated_at           timestamptz not null
);
create index orders_customer on orders (customer_id, created_at desc, id desc);
create index orders_pickup on orders (location_code, status, created_at) where fulfilment_type = 'pickup';

create table order_line (
    order_id      uuid not null references orders (id),
    sku           text not null,
    name          text not null,
    options       jsonb not null default '{}',
    quantity      integer not null check (quantity > 0),
    unit_price    bigint not null,
    discount      bigint not null,
    total         bigint not null,
    location_code text,
    -- units claimed by returns; never more than were bought, even when two returns race
    returned      integer not null default 0,
    primary key (order_id, sku),
    check (returned between 0 and quantity)
);

create table order_event (
    id                   uuid primary key,
    order_id             uuid not null references orders (id),
    customer_id          uuid not null,
    original_customer_id uuid not null,
    at                   timestamptz not null,
    type                 text not null,
    status               text not null,
    channel              text,
    summary              text not null,
    actor                text not null
);
create index order_event_order on order_event (order_id, at);
create index order_event_customer on order_event (customer_id, at desc, id desc);
