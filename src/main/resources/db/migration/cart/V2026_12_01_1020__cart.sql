-- Cart: one active cart per customer (so every device and channel sees the same one), and what happened to it.
create table cart_line (
    customer_id uuid not null,
    sku         text not null,
    quantity    integer not null check (quantity between 1 and 10000),
    added_at    timestamptz not null,
    updated_at  timestamptz not null,
    primary key (customer_id, sku)
);

create table cart_activity (
    id                   uuid primary key,
    customer_id          uuid not null,
    -- the customer the change was made for, so an undone merge can take its history back
    original_customer_id uuid not null,
    at                   timestamptz not null,
    type                 text not null,
    sku                  text not null,
    quantity             integer not null,
    channel              text
);
create index cart_activity_customer on cart_activity (customer_id, at desc, id desc);
