package org.vdi.broker.infrastructure.persistence;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.vdi.broker.domain.model.image.GoldenImage;
import org.vdi.broker.domain.model.image.ImageRepository;

@ApplicationScoped
public class JpaImageRepository implements ImageRepository {

    @PersistenceContext(unitName = "vdi")
    private EntityManager em;

    @Override
    public Optional<GoldenImage> find(UUID id) {
        return Optional.ofNullable(em.find(GoldenImage.class, id));
    }

    @Override
    public Optional<GoldenImage> findByName(String name) {
        return em.createQuery("select i from GoldenImage i where i.name = :n", GoldenImage.class)
                .setParameter("n", name).getResultStream().findFirst();
    }

    @Override
    public List<GoldenImage> findAll() {
        return em.createQuery("select i from GoldenImage i order by i.name", GoldenImage.class).getResultList();
    }

    @Override
    public void add(GoldenImage image) {
        em.persist(image);
    }
}
