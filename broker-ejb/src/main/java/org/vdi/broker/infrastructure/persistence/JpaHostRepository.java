package org.vdi.broker.infrastructure.persistence;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.vdi.broker.domain.model.host.Host;
import org.vdi.broker.domain.model.host.HostRepository;

@ApplicationScoped
public class JpaHostRepository implements HostRepository {

    @PersistenceContext(unitName = "vdi")
    private EntityManager em;

    @Override
    public Optional<Host> find(UUID id) {
        return Optional.ofNullable(em.find(Host.class, id));
    }

    @Override
    public Optional<Host> findByName(String name) {
        return em.createQuery("select h from Host h where h.name = :name", Host.class)
                .setParameter("name", name)
                .getResultStream()
                .findFirst();
    }

    @Override
    public List<Host> findAll() {
        return em.createQuery("select h from Host h order by h.name", Host.class).getResultList();
    }

    @Override
    public void add(Host host) {
        em.persist(host);
    }
}
