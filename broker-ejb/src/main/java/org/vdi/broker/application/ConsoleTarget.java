package org.vdi.broker.application;

import org.vdi.broker.domain.model.host.Host;

/** The desktop a redeemed ticket opens, as far as opening its display needs. */
public record ConsoleTarget(Host host, String desktopName, boolean clipboard) {
}
