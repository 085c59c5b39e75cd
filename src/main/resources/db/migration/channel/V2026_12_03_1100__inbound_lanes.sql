-- A stored request's lane, from its sender (a hash of their WhatsApp id, phone number, chat id …): the workers of a
-- node split the lanes between them, so one sender's requests are processed by one worker at a time and two
-- workers' batches do not wait on each other's locks for the same customer.
alter table inbound_event add column lane smallint not null default 0;
