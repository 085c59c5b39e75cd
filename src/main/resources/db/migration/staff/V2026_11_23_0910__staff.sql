-- Staff: the people who work in Oneplace, the API tokens integrations use, and the write keys tracking sources use.
CREATE TABLE staff_user (
    id            uuid                     NOT NULL PRIMARY KEY,
    email         text                     NOT NULL,
    display_name  text                     NOT NULL,
    password_hash text                     NOT NULL,
    roles         text[]                   NOT NULL,
    enabled       boolean                  NOT NULL DEFAULT true,
    created_at    timestamp with time zone NOT NULL,
    updated_at    timestamp with time zone NOT NULL,
    CONSTRAINT staff_user_email_lower CHECK (email = lower(email))
);
CREATE UNIQUE INDEX staff_user_email_uq ON staff_user (email);

-- Only the SHA-256 of a token is stored; the token itself is shown once, when created.
CREATE TABLE api_token (
    id           uuid                     NOT NULL PRIMARY KEY,
    name         text                     NOT NULL,
    token_hash   text                     NOT NULL,
    token_hint   text                     NOT NULL,
    scopes       text[]                   NOT NULL,
    owner_id     uuid                     NOT NULL REFERENCES staff_user (id),
    created_at   timestamp with time zone NOT NULL,
    expires_at   timestamp with time zone,
    last_used_at timestamp with time zone,
    revoked_at   timestamp with time zone
);
CREATE UNIQUE INDEX api_token_hash_uq ON api_token (token_hash);

-- Write keys identify a tracking source (web, app, store, ...). Like Segment's, they are not secrets: they are
-- embedded in web pages and apps and only allow sending events, so they are kept readable.
CREATE TABLE write_key (
    id         uuid                     NOT NULL PRIMARY KEY,
    name       text                     NOT NULL,
    key        text                     NOT NULL,
    source     text                     NOT NULL,
    created_at timestamp with time zone NOT NULL,
    revoked_at timestamp with time zone
);
CREATE UNIQUE INDEX write_key_key_uq ON write_key (key);
