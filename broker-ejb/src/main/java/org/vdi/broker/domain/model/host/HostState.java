package org.vdi.broker.domain.model.host;

/** What the broker last saw of a host. */
public enum HostState {
    UNKNOWN,
    UP,
    DOWN
}
