-- Stored requests are a queue: workers on any node claim the oldest due one (FOR UPDATE SKIP LOCKED); a request
-- whose processing fails is retried later with backoff, and quarantined after too many attempts.
alter table inbound_event add column attempts integer not null default 0;
alter table inbound_event add column next_attempt_at timestamptz;
update inbound_event set next_attempt_at = received_at where status = 'stored';
drop index if exists inbound_event_pending;
create index inbound_event_due on inbound_event (next_attempt_at) where status = 'stored';
