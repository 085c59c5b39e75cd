-- Whom a raw request turned out to be about, so that erasing a person erases their raw payloads too (PRIV-01).
alter table inbound_event add column customer_ids uuid[] not null default '{}';
create index inbound_event_customers on inbound_event using gin (customer_ids);
