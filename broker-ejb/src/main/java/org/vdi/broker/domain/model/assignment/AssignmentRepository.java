package org.vdi.broker.domain.model.assignment;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

public interface AssignmentRepository {

    Optional<Assignment> find(UUID id);

    Optional<Assignment> findActiveByDesktop(UUID desktopId);

    List<Assignment> findActiveByUser(String user);

    List<Assignment> findActiveByUserAndPool(String user, UUID poolId);

    List<Assignment> findActiveByPool(UUID poolId);

    void add(Assignment assignment);

    /**
     * Serializes assignment requests of one user in one pool until the
     * transaction ends, so a double click cannot take two desktops.
     */
    void lockUserInPool(String user, UUID poolId);
}
