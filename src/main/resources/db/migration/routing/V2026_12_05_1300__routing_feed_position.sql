-- How far routing has read the conversation feed: it follows conversations by position, in order, after their commits
-- (one row; the node holding its lock is the one that reads).
create table routing_feed_position (
    id       smallint primary key default 1 check (id = 1),
    position bigint   not null
);
