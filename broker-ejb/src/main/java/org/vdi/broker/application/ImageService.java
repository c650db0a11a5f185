package org.vdi.broker.application;

import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotNull;

import org.vdi.broker.domain.model.hypervisor.VolumeInfo;
import org.vdi.broker.domain.model.image.GoldenImage;

/** Golden images and their versions. */
public interface ImageService {

    /**
     * Registers a volume of a host's storage pool as a golden image. The volume
     * must exist there and resolve inside the pool (no traversal, no symlink out).
     */
    GoldenImage register(@NotNull String name, String description, @NotNull UUID hostId, @NotNull String volume,
            @NotNull Caller caller);

    /** Adds a new version; spares are rebuilt from it, held desktops move at their next refresh. */
    GoldenImage addVersion(@NotNull UUID imageId, @NotNull UUID hostId, @NotNull String volume,
            @NotNull Caller caller);

    List<GoldenImage> list();

    GoldenImage get(@NotNull UUID id);

    /** The volumes on a host's storage pool, to pick one. */
    List<VolumeInfo> volumes(@NotNull UUID hostId);
}
