-- Golden images, pools, desktops with their state history, assignments, and
-- the leases that let one broker node at a time run a pool's monitor.

CREATE TABLE golden_image (
    id          uuid PRIMARY KEY,
    name        varchar(64)  NOT NULL UNIQUE,
    description varchar(512),
    created_at  timestamptz  NOT NULL,
    version     bigint       NOT NULL DEFAULT 0
);

CREATE TABLE image_version (
    id         uuid PRIMARY KEY,
    image_id   uuid         NOT NULL REFERENCES golden_image (id) ON DELETE CASCADE,
    number     integer      NOT NULL CHECK (number > 0),
    volume     varchar(128) NOT NULL,
    created_at timestamptz  NOT NULL,
    UNIQUE (image_id, number)
);

CREATE TABLE pool (
    id               uuid PRIMARY KEY,
    name             varchar(64)  NOT NULL UNIQUE,
    image_id         uuid         NOT NULL REFERENCES golden_image (id),
    clone_mode       varchar(8)   NOT NULL CHECK (clone_mode IN ('LINKED', 'FULL')),
    min_spare        integer      NOT NULL CHECK (min_spare >= 0),
    max_size         integer      NOT NULL CHECK (max_size > 0),
    naming_pattern   varchar(64)  NOT NULL,
    assignment       varchar(16)  NOT NULL CHECK (assignment IN ('DEDICATED', 'FLOATING')),
    logoff_policy    varchar(16)  NOT NULL CHECK (logoff_policy IN ('KEEP', 'REFRESH', 'DELETE')),
    idle_timeout_min integer      NOT NULL DEFAULT 0 CHECK (idle_timeout_min >= 0),
    max_session_min  integer      NOT NULL DEFAULT 0 CHECK (max_session_min >= 0),
    per_user_limit   integer      NOT NULL DEFAULT 1 CHECK (per_user_limit > 0),
    memory_mib       integer      NOT NULL,
    vcpus            integer      NOT NULL,
    spice            boolean      NOT NULL DEFAULT false,
    clipboard        boolean      NOT NULL DEFAULT true,
    enabled          boolean      NOT NULL DEFAULT true,
    next_number      integer      NOT NULL DEFAULT 1,
    created_at       timestamptz  NOT NULL,
    version          bigint       NOT NULL DEFAULT 0,
    CHECK (min_spare <= max_size)
);

CREATE TABLE pool_entitled_group (
    pool_id    uuid         NOT NULL REFERENCES pool (id) ON DELETE CASCADE,
    group_name varchar(128) NOT NULL,
    PRIMARY KEY (pool_id, group_name)
);

CREATE TABLE pool_entitled_role (
    pool_id   uuid         NOT NULL REFERENCES pool (id) ON DELETE CASCADE,
    role_name varchar(128) NOT NULL,
    PRIMARY KEY (pool_id, role_name)
);

CREATE TABLE desktop (
    id               uuid PRIMARY KEY,
    pool_id          uuid          NOT NULL REFERENCES pool (id),
    host_id          uuid          NOT NULL REFERENCES host (id),
    name             varchar(64)   NOT NULL UNIQUE,
    number           integer       NOT NULL,
    state            varchar(16)   NOT NULL,
    state_cause      varchar(1024),
    state_changed_at timestamptz   NOT NULL,
    image_version    integer       NOT NULL,
    disk_volume      varchar(128)  NOT NULL,
    assigned_to      varchar(255),
    created_at       timestamptz   NOT NULL,
    version          bigint        NOT NULL DEFAULT 0
);

CREATE INDEX desktop_pool_state_idx ON desktop (pool_id, state);
CREATE INDEX desktop_assigned_idx ON desktop (assigned_to) WHERE assigned_to IS NOT NULL;

-- Every state change, written by the database itself so no code path can skip it.
CREATE TABLE desktop_transition (
    id         bigserial PRIMARY KEY,
    desktop_id uuid          NOT NULL,
    desktop    varchar(64)   NOT NULL,
    from_state varchar(16),
    to_state   varchar(16)   NOT NULL,
    at         timestamptz   NOT NULL DEFAULT now(),
    cause      varchar(1024)
);

CREATE INDEX desktop_transition_desktop_idx ON desktop_transition (desktop_id, id);

CREATE FUNCTION desktop_record_transition() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO desktop_transition (desktop_id, desktop, from_state, to_state, cause)
        VALUES (NEW.id, NEW.name, NULL, NEW.state, NEW.state_cause);
    ELSIF NEW.state IS DISTINCT FROM OLD.state THEN
        INSERT INTO desktop_transition (desktop_id, desktop, from_state, to_state, cause)
        VALUES (NEW.id, NEW.name, OLD.state, NEW.state, NEW.state_cause);
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER desktop_transition_trg
    AFTER INSERT OR UPDATE OF state ON desktop
    FOR EACH ROW EXECUTE FUNCTION desktop_record_transition();

CREATE TABLE assignment (
    id             uuid PRIMARY KEY,
    desktop_id     uuid          NOT NULL REFERENCES desktop (id) ON DELETE CASCADE,
    pool_id        uuid          NOT NULL REFERENCES pool (id) ON DELETE CASCADE,
    user_name      varchar(255)  NOT NULL,
    created_at     timestamptz   NOT NULL,
    last_activity  timestamptz   NOT NULL,
    released_at    timestamptz,
    release_reason varchar(255),
    version        bigint        NOT NULL DEFAULT 0
);

-- Never two users on one desktop, whatever the code does.
CREATE UNIQUE INDEX assignment_one_open_per_desktop ON assignment (desktop_id) WHERE released_at IS NULL;
CREATE INDEX assignment_user_open_idx ON assignment (user_name, pool_id) WHERE released_at IS NULL;

-- One broker node at a time works on a pool: it holds the lease until it expires.
CREATE TABLE pool_lease (
    pool_id     uuid PRIMARY KEY REFERENCES pool (id) ON DELETE CASCADE,
    owner       varchar(128) NOT NULL,
    expires_at  timestamptz  NOT NULL
);
