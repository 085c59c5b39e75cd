-- Teams of staff, the channel accounts each team answers, and each person's presence and capacity.
CREATE TABLE team (
    id         uuid                     NOT NULL PRIMARY KEY,
    name       text                     NOT NULL UNIQUE,
    created_at timestamp with time zone NOT NULL
);

CREATE TABLE team_member (
    team_id uuid NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES staff_user (id),
    PRIMARY KEY (team_id, user_id)
);

-- a channel account (by id; the channel module owns accounts) is answered by at most one team
CREATE TABLE team_channel (
    team_id    uuid NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    channel_id uuid NOT NULL PRIMARY KEY
);

CREATE TABLE staff_presence (
    user_id    uuid                     NOT NULL PRIMARY KEY REFERENCES staff_user (id),
    -- online | away | offline
    status     text                     NOT NULL,
    capacity   integer                  NOT NULL,
    updated_at timestamp with time zone NOT NULL
);
