-- Console tickets (single use, short lived) and console sessions.

-- A ticket is redeemed once: redemption is one UPDATE ... WHERE redeemed_at IS NULL
-- AND expires_at > now(). Only the ticket's SHA-256 is stored, never the ticket.
CREATE TABLE console_ticket (
    id            uuid PRIMARY KEY,
    token_hash    bytea         NOT NULL CHECK (octet_length(token_hash) = 32),
    user_name     varchar(255)  NOT NULL,
    desktop_id    uuid          NOT NULL REFERENCES desktop (id) ON DELETE CASCADE,
    assignment_id uuid          NOT NULL REFERENCES assignment (id) ON DELETE CASCADE,
    login_session varchar(255)  NOT NULL,
    protocol      varchar(8)    NOT NULL CHECK (protocol IN ('vnc', 'spice')),
    created_at    timestamptz   NOT NULL,
    expires_at    timestamptz   NOT NULL,
    redeemed_at   timestamptz,
    CHECK (expires_at > created_at AND expires_at <= created_at + interval '30 seconds')
);

CREATE INDEX console_ticket_expires_idx ON console_ticket (expires_at);

-- A console from redemption to its end. Sessions outlive their desktop and
-- assignment (history), so those references turn null when the rows go.
CREATE TABLE console_session (
    id            uuid PRIMARY KEY,
    ticket_id     uuid,
    user_name     varchar(255)  NOT NULL,
    desktop_id    uuid          REFERENCES desktop (id) ON DELETE SET NULL,
    desktop_name  varchar(64)   NOT NULL,
    assignment_id uuid          REFERENCES assignment (id) ON DELETE SET NULL,
    login_session varchar(255)  NOT NULL,
    protocol      varchar(8)    NOT NULL,
    client_addr   varchar(64),
    started_at    timestamptz   NOT NULL,
    seen_at       timestamptz   NOT NULL,
    ended_at      timestamptz,
    bytes_in      bigint        NOT NULL DEFAULT 0 CHECK (bytes_in >= 0),
    bytes_out     bigint        NOT NULL DEFAULT 0 CHECK (bytes_out >= 0),
    end_reason    varchar(255),
    terminated_by varchar(255),
    terminated_at timestamptz,
    version       bigint        NOT NULL DEFAULT 0
);

CREATE INDEX console_session_live_idx ON console_session (started_at DESC) WHERE ended_at IS NULL;
CREATE INDEX console_session_started_idx ON console_session (started_at DESC);
CREATE INDEX console_session_desktop_live_idx ON console_session (desktop_id) WHERE ended_at IS NULL;
CREATE INDEX console_session_assignment_idx ON console_session (assignment_id);
