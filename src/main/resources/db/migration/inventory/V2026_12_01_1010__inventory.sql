-- Inventory: locations, stock per SKU and location, reservations, and the ledger of every stock movement.
create table location (
    code          text primary key,
    name          text not null,
    type          text not null check (type in ('store', 'warehouse')),
    latitude      double precision not null check (latitude between -90 and 90),
    longitude     double precision not null check (longitude between -180 and 180),
    pickup        boolean not null,
    opening_hours jsonb not null default '{}',
    created_at    timestamptz not null
);

-- available-to-promise = on_hand - reserved - safety_stock; units are only ever reserved or sold by a conditional
-- UPDATE whose WHERE re-checks that, so two buyers of the last unit cannot both succeed (PostgreSQL re-evaluates
-- the WHERE clause on the row the first one committed). The checks are the last line of defence.
create table stock (
    sku           text not null,
    location_code text not null references location (code),
    on_hand       integer not null default 0 check (on_hand >= 0),
    reserved      integer not null default 0 check (reserved >= 0),
    safety_stock  integer not null default 0 check (safety_stock >= 0),
    updated_at    timestamptz not null,
    primary key (sku, location_code),
    constraint stock_available_not_negative check (on_hand - reserved >= 0)
);
create index stock_location on stock (location_code);

create table reservation (
    id            uuid primary key,
    sku           text not null,
    location_code text not null,
    quantity      integer not null check (quantity > 0),
    reference     text not null,
    status        text not null check (status in ('active', 'committed', 'released', 'expired')),
    expires_at    timestamptz,
    created_at    timestamptz not null,
    closed_at     timestamptz
);
create index reservation_reference on reservation (reference) where status = 'active';
create index reservation_expiry on reservation (expires_at) where status = 'active' and expires_at is not null;

create table stock_movement (
    id             bigint generated always as identity primary key,
    sku            text not null,
    location_code  text not null,
    on_hand_delta  integer not null,
    reserved_delta integer not null,
    reason         text not null,
    reference      text,
    at             timestamptz not null
);
create index stock_movement_item on stock_movement (sku, location_code, id);
