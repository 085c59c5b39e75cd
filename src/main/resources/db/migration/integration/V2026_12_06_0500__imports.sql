-- Bulk imports (module integration): a file taken in whole before anything is read, then worked through in batches.
create table import_job (
    id                 uuid        primary key,
    -- what the rows are: customers | orders
    kind               text        not null,
    -- csv | jsonl
    format             text        not null,
    -- receiving (the upload) → queued → running → completed | failed; cancelled while queued or running; a
    -- cancelled or failed import can be resumed
    status             text        not null,
    file_name          text,
    bytes              bigint      not null,
    -- of the file: the same file brought in again dates its rows the same way, so it changes nothing
    sha256             text        not null,
    -- the time given to rows that carry none: when this file was first imported
    dated_at           timestamptz not null,
    created_by         text        not null,
    created_at         timestamptz not null,
    started_at         timestamptz,
    finished_at        timestamptz,
    -- the records (not lines) done and committed: where a resumed import starts reading again
    position           bigint      not null default 0,
    -- how much of the file was read by then, for the progress bar
    bytes_read         bigint      not null default 0,
    rows_written       bigint      not null default 0,
    rows_rejected      bigint      not null default 0,
    customers_created  bigint      not null default 0,
    customers_merged   bigint      not null default 0,
    conflicts          bigint      not null default 0,
    consents_recorded  bigint      not null default 0,
    orders_created     bigint      not null default 0,
    -- time spent working (resumes add up), for the rate and the ETA
    busy_millis        bigint      not null default 0,
    cancel_requested   boolean     not null default false,
    error              text,
    updated_at         timestamptz not null
);
create index import_job_created_idx on import_job (created_at desc, id desc);
create index import_job_sha_idx on import_job (kind, sha256);

-- When each file (by kind and digest) was first imported: the time its undated rows get, kept after its imports are
-- deleted, so that bringing the same file in again dates its rows the same way and changes nothing.
create table import_file (
    kind     text        not null,
    sha256   text        not null,
    dated_at timestamptz not null,
    primary key (kind, sha256)
);

-- The file, as taken in, in pieces of at most 1 MiB; deleted once the import completes.
create table import_chunk (
    import_id uuid    not null references import_job (id) on delete cascade,
    seq       integer not null,
    data      bytea   not null,
    primary key (import_id, seq)
);

-- Rows that could not be brought in, with the line where each starts and why.
create table import_reject (
    import_id uuid   not null references import_job (id) on delete cascade,
    line      bigint not null,
    field     text,
    reason    text   not null,
    primary key (import_id, line)
);
