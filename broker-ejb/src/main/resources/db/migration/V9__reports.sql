-- What the reports read: console sessions by pool, and every request for a
-- desktop with its outcome and the moment the desktop was ready.

-- A console session keeps its pool, as the desktop and assignment it points to
-- may be gone (deleted desktops, deleted pools' assignments) long before the
-- report is read. The database fills it in, so no code path can skip it.
ALTER TABLE console_session ADD COLUMN pool_id uuid;

UPDATE console_session s SET pool_id = d.pool_id FROM desktop d WHERE d.id = s.desktop_id AND s.pool_id IS NULL;
UPDATE console_session s SET pool_id = a.pool_id FROM assignment a WHERE a.id = s.assignment_id AND s.pool_id IS NULL;

CREATE FUNCTION console_session_pool() RETURNS trigger AS $$
BEGIN
    IF NEW.pool_id IS NULL AND NEW.desktop_id IS NOT NULL THEN
        SELECT pool_id INTO NEW.pool_id FROM desktop WHERE id = NEW.desktop_id;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER console_session_pool_trg
    BEFORE INSERT ON console_session
    FOR EACH ROW EXECUTE FUNCTION console_session_pool();

-- Hourly figures of one pool read its sessions by start time.
CREATE INDEX console_session_pool_started_idx ON console_session (pool_id, started_at);
-- The longest ended session bounds how far before a range a session still
-- overlapping it can have started: one index probe instead of a scan.
CREATE INDEX console_session_length_idx ON console_session ((ended_at - started_at)) WHERE ended_at IS NOT NULL;

-- One row per request for a new desktop: assigned (ready_at set once the desktop
-- runs for its user; at once for a warm spare) or refused (no desktop available).
-- No foreign keys: the history outlives pools and desktops.
CREATE TABLE assignment_request (
    id            bigserial PRIMARY KEY,
    pool_id       uuid          NOT NULL,
    user_name     varchar(255)  NOT NULL,
    desktop_id    uuid,
    assignment_id uuid,
    requested_at  timestamptz   NOT NULL,
    ready_at      timestamptz,
    outcome       varchar(16)   NOT NULL CHECK (outcome IN ('ASSIGNED', 'REFUSED')),
    CHECK (outcome = 'REFUSED' OR assignment_id IS NOT NULL),
    CHECK (ready_at IS NULL OR ready_at >= requested_at)
);

CREATE INDEX assignment_request_pool_at_idx ON assignment_request (pool_id, requested_at);
CREATE INDEX assignment_request_at_idx ON assignment_request (requested_at);
CREATE INDEX assignment_request_waiting_idx ON assignment_request (assignment_id) WHERE ready_at IS NULL;
