package org.vdi.broker.domain.model.image;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

public interface ImageRepository {

    Optional<GoldenImage> find(UUID id);

    Optional<GoldenImage> findByName(String name);

    List<GoldenImage> findAll();

    void add(GoldenImage image);
}
