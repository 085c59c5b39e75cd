-- Catalog: products, variants (one SKU each) with their price-book price, promotions.
create table product (
    id          uuid primary key,
    name        text not null,
    category    text,
    description text not null default '',
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);

create table variant (
    sku          text primary key,
    product_id   uuid not null references product (id),
    options      jsonb not null default '{}',
    price_amount bigint not null check (price_amount >= 0),
    currency     char(3) not null,
    created_at   timestamptz not null,
    updated_at   timestamptz not null
);
create index variant_product on variant (product_id);

create table promotion (
    id          uuid primary key,
    name        text not null,
    type        text not null check (type in ('percentage', 'fixed')),
    percent_off integer check (percent_off between 1 and 100),
    amount_off  bigint check (amount_off > 0),
    currency    char(3),
    skus        text[] not null default '{}',
    product_ids uuid[] not null default '{}',
    categories  text[] not null default '{}',
    code        text,
    starts_at   timestamptz,
    ends_at     timestamptz,
    active      boolean not null default true,
    created_at  timestamptz not null,
    check ((type = 'percentage') = (percent_off is not null)),
    check ((type = 'fixed') = (amount_off is not null and currency is not null))
);
create unique index promotion_active_code on promotion (lower(code)) where code is not null and active;
