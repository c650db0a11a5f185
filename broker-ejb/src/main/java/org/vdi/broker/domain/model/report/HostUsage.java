package org.vdi.broker.domain.model.report;

import java.util.UUID;

/**
 * One host now: how many desktops it holds and how much memory they take,
 * beside its limits.
 *
 * @param desktops      desktops placed on the host, whatever their state
 * @param running       those whose domain should run (starting, available, assigned, in use)
 * @param inUse         those held by a user
 * @param memoryUsedMib the memory of the running ones (their pools' memory size)
 */
public record HostUsage(UUID hostId, String name, int maxDesktops, long maxMemoryMib, long desktops,
        long running, long inUse, long memoryUsedMib) {
}
