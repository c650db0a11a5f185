package org.vdi.broker.infrastructure.libvirt;

import org.libvirt.Connect;

/**
 * Told when {@link LibvirtConnections} opens a connection or is about to close
 * one. libvirt event callbacks belong to one connection: they must be
 * registered again on a new one, and removed from an old one before it
 * closes, or libvirt keeps calling them on a connection Java already let go.
 */
public interface ConnectionListener {

    /** A connection to the URI was opened (first, or after the last one died). */
    void opened(String uri, Connect connection);

    /** The connection to the URI is about to be closed; it may already be dead. */
    void closing(String uri, Connect connection);
}
