-- What a running desktop's guest agent reports (issue 10): who is logged in
-- inside the guest and since when, and the guest's addresses. A table of its
-- own, one row per desktop, so the guest poll never bumps the desktop row's
-- version nor waits for its lock while an operation holds it.
CREATE TABLE desktop_guest (
    desktop_id       uuid          PRIMARY KEY REFERENCES desktop (id) ON DELETE CASCADE,
    -- user names the agent reported (guest-get-users), comma separated; empty: nobody
    users            varchar(1024) NOT NULL DEFAULT '',
    -- the earliest login of those users (the guest's clock, clamped to the broker's)
    logon_since      timestamptz,
    -- the last time the agent reported somebody logged in: idleness counts from it
    logon_seen_at    timestamptz,
    -- when the broker saw the last user leave; cleared by a new logon
    logoff_at        timestamptz,
    -- addresses of the guest's interfaces (guest-network-get-interfaces), without
    -- loopback and link-local ones, comma separated
    addresses        varchar(2048) NOT NULL DEFAULT '',
    -- the last time the agent answered; null: never
    answered_at      timestamptz,
    -- why the last poll got no usable answer; null when it did
    cause            varchar(512),
    updated_at       timestamptz   NOT NULL
);

-- guest_logoff: IGNORE (a logoff inside the guest changes nothing) or RELEASE
-- (it releases the desktop after the grace period, with the pool's logoff policy).
ALTER TABLE pool ADD COLUMN guest_logoff varchar(8) NOT NULL DEFAULT 'IGNORE'
    CHECK (guest_logoff IN ('IGNORE', 'RELEASE'));
ALTER TABLE pool ADD COLUMN guest_logoff_grace_s integer NOT NULL DEFAULT 60
    CHECK (guest_logoff_grace_s BETWEEN 0 AND 3600);
