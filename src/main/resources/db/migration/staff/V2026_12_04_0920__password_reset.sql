-- Password resets (issue 12, SEC-12) by an e-mailed one-time link, asked for by the user or forced by an admin.

-- An admin asked this user to choose a new password: the current one no longer signs in.
ALTER TABLE staff_user ADD COLUMN password_reset_required boolean NOT NULL DEFAULT false;

-- Only the SHA-256 of a reset token is stored; the token itself is only in the e-mailed link. A token is deleted
-- when used (single use), when its user gets a new password by any way, and once expired.
CREATE TABLE password_reset (
    token_hash text                     NOT NULL PRIMARY KEY,
    user_id    uuid                     NOT NULL REFERENCES staff_user (id),
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL
);
CREATE INDEX password_reset_user_idx ON password_reset (user_id, created_at);
CREATE INDEX password_reset_expiry_idx ON password_reset (expires_at);
