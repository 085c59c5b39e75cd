-- Sign-in lockout (issue 12, SEC-12): consecutive failed sign-ins of an existing account since its last successful
-- one, and the lock they earned. Kept in the database so that every node applies the same lock at once.
-- No row: no failures. A successful sign-in or a new password deletes the row.
CREATE TABLE sign_in_failure (
    user_id        uuid                     NOT NULL PRIMARY KEY REFERENCES staff_user (id),
    failures       integer                  NOT NULL,
    last_failed_at timestamp with time zone NOT NULL,
    locked_until   timestamp with time zone
);
