package org.vdi.broker.infrastructure.persistence;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.vdi.broker.domain.model.desktop.DesktopGuest;
import org.vdi.broker.domain.model.desktop.DesktopGuestRepository;

@ApplicationScoped
public class JpaDesktopGuestRepository implements DesktopGuestRepository {

    @PersistenceContext(unitName = "vdi")
    private EntityManager em;

    @Override
    public Optional<DesktopGuest> find(UUID desktopId) {
        return Optional.ofNullable(em.find(DesktopGuest.class, desktopId));
    }

    @Override
    public Map<UUID, DesktopGuest> findAll(Collection<UUID> desktopIds) {
        if (desktopIds.isEmpty()) {
            return Map.of();
        }
        return em.createQuery("select g from DesktopGuest g where g.desktopId in :ids", DesktopGuest.class)
                .setParameter("ids", desktopIds).getResultStream()
                .collect(Collectors.toMap(DesktopGuest::desktopId, Function.identity()));
    }

    @Override
    public void add(DesktopGuest guest) {
        em.persist(guest);
    }
}
