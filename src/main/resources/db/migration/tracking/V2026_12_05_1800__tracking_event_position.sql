-- Tracked events by position: consumers inside Oneplace (marketing's event-triggered journeys, later analytics) read
-- the events behind ingestion in batches from a position they keep, as a Kafka consumer group does, instead of an
-- application event per tracked event. Positions are drawn at insert, so they can commit out of order; readers wait
-- for a missing position until no transaction older than the gap is left (GapRepository).
-- The column is added without a default first, so existing rows are not rewritten under an exclusive lock (they keep
-- no position: nobody reads history by position); new rows draw one.
create sequence tracking_event_position;
alter table tracking_event add column position bigint;
alter table tracking_event alter column position set default nextval('tracking_event_position');
create index tracking_event_position_idx on tracking_event (position) where position is not null;
