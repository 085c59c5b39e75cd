-- Browser origins allowed to send events with a write key (CORS); empty allows any origin.
ALTER TABLE write_key ADD COLUMN allowed_origins text[] NOT NULL DEFAULT '{}';
