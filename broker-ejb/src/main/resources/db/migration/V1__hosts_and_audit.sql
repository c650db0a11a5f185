-- Hosts the broker places desktops on, and the audit trail.

CREATE TABLE host (
    id              uuid PRIMARY KEY,
    name            varchar(64)   NOT NULL UNIQUE,
    libvirt_uri     varchar(512)  NOT NULL,
    storage_pool    varchar(64)   NOT NULL,
    virt_type       varchar(8)    NOT NULL CHECK (virt_type IN ('KVM', 'QEMU')),
    console_address varchar(255)  NOT NULL,
    max_desktops    integer       NOT NULL CHECK (max_desktops > 0),
    max_memory_mib  bigint        NOT NULL CHECK (max_memory_mib >= 64),
    enabled         boolean       NOT NULL DEFAULT true,
    state           varchar(16)   NOT NULL,
    state_reason    varchar(1024),
    kvm_available   boolean,
    last_seen       timestamptz,
    created_at      timestamptz   NOT NULL,
    version         bigint        NOT NULL DEFAULT 0
);

CREATE TABLE audit_event (
    id          bigserial PRIMARY KEY,
    at          timestamptz   NOT NULL,
    actor       varchar(255)  NOT NULL,
    action      varchar(64)   NOT NULL,
    target_type varchar(32),
    target_id   varchar(64),
    outcome     varchar(16)   NOT NULL CHECK (outcome IN ('SUCCESS', 'DENIED', 'FAILED')),
    detail      varchar(2048),
    client_addr varchar(64)
);

CREATE INDEX audit_event_at_idx ON audit_event (at DESC);
CREATE INDEX audit_event_target_idx ON audit_event (target_type, target_id);
CREATE INDEX audit_event_actor_idx ON audit_event (actor, at DESC);
