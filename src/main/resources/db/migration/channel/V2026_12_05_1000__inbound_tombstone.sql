-- Erasure tombstones (PRIV-01, issue 12): when a person is erased, the de-duplication keys of the provider requests
-- and messages about them are kept as SHA-256 hashes, without the requests or anything personal. A provider that
-- delivers one of them again (a retry, a replay) is acknowledged and the request dropped, so an erased person and
-- their messages never come back through a webhook that was seen before.
create table inbound_tombstone (
    channel_id uuid        not null,
    key_hash   bytea       not null,
    erased_at  timestamptz not null,
    primary key (channel_id, key_hash)
);
