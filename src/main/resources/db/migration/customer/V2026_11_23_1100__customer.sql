-- Customers, their identifiers, merges and identity conflicts (module customer).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE customer (
    id          uuid                     NOT NULL PRIMARY KEY,
    created_at  timestamp with time zone NOT NULL,
    updated_at  timestamp with time zone NOT NULL,
    -- set when merged into another customer: late writes for this id land on the survivor
    merged_into uuid REFERENCES customer (id),
    merged_at   timestamp with time zone,
    erased_at   timestamp with time zone,
    name        text,
    -- the traits, and per trait key the event time (epoch millis) of the value kept: last write wins by event time
    traits      jsonb                    NOT NULL DEFAULT '{}',
    trait_times jsonb                    NOT NULL DEFAULT '{}',
    CHECK (merged_into IS NULL OR merged_into <> id)
);
CREATE INDEX customer_merged_into_idx ON customer (merged_into) WHERE merged_into IS NOT NULL;
CREATE INDEX customer_name_trgm_idx ON customer USING gin (lower(name) gin_trgm_ops);

CREATE TABLE customer_identifier (
    id                uuid                     NOT NULL PRIMARY KEY,
    customer_id       uuid                     NOT NULL REFERENCES customer (id),
    type              text                     NOT NULL,
    value             text                     NOT NULL,
    verified          boolean                  NOT NULL,
    added_at          timestamp with time zone NOT NULL,
    rule              text                     NOT NULL,
    source            text                     NOT NULL,
    source_ref        text,
    first_customer_id uuid                     NOT NULL,
    merge_id          uuid,
    -- one identifier belongs to exactly one customer
    CONSTRAINT customer_identifier_uq UNIQUE (type, value)
);
CREATE INDEX customer_identifier_customer_idx ON customer_identifier (customer_id);
CREATE INDEX customer_identifier_value_trgm_idx ON customer_identifier USING gin (lower(value) gin_trgm_ops);

CREATE TABLE customer_merge (
    id             uuid                     NOT NULL PRIMARY KEY,
    survivor_id    uuid                     NOT NULL REFERENCES customer (id),
    merged_id      uuid                     NOT NULL REFERENCES customer (id),
    reason         text                     NOT NULL,
    cause          text                     NOT NULL,
    actor          text                     NOT NULL,
    -- ids of the identifier rows that moved, and both customers' traits before the merge, for undo
    identifier_ids uuid[]                   NOT NULL,
    identifiers    text[]                   NOT NULL,
    survivor_traits jsonb                   NOT NULL,
    survivor_trait_times jsonb              NOT NULL,
    merged_traits  jsonb                    NOT NULL,
    merged_trait_times jsonb                NOT NULL,
    merged_at      timestamp with time zone NOT NULL,
    undone_at      timestamp with time zone
);
CREATE INDEX customer_merge_survivor_idx ON customer_merge (survivor_id);
CREATE INDEX customer_merge_merged_idx ON customer_merge (merged_id);

CREATE TABLE identity_conflict (
    id                uuid                     NOT NULL PRIMARY KEY,
    customer_id       uuid                     NOT NULL REFERENCES customer (id),
    other_customer_id uuid                     NOT NULL REFERENCES customer (id),
    type              text                     NOT NULL,
    value             text                     NOT NULL,
    reason            text                     NOT NULL,
    source            text                     NOT NULL,
    detected_at       timestamp with time zone NOT NULL,
    resolved_at       timestamp with time zone,
    CONSTRAINT identity_conflict_uq UNIQUE (customer_id, other_customer_id, type, value)
);
CREATE INDEX identity_conflict_other_idx ON identity_conflict (other_customer_id);
