-- How far each consumer inside Oneplace has read the tracked events by position (marketing's event entries,
-- analytics), as a Kafka broker keeps its consumer groups' offsets: one row per consumer, locked by the node that
-- reads. Marketing's own position row moves here, so its journeys neither miss nor repeat an event on upgrade.
create table tracking_consumer (
    consumer text   primary key,
    position bigint not null
);
insert into tracking_consumer (consumer, position) select 'marketing', position from marketing_event_position;
drop table marketing_event_position;
