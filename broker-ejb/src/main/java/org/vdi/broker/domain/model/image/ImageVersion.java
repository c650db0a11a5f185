package org.vdi.broker.domain.model.image;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import org.vdi.broker.domain.shared.BrokerException;

/** One version of a golden image: the volume desktops of that version were cloned from. */
@Entity
@Table(name = "image_version")
public class ImageVersion {

    /** Volume names: the file names libvirt gives volumes in a directory pool. */
    public static final String VOLUME_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$";

    @Id
    private UUID id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "image_id")
    private GoldenImage image;

    @Column(nullable = false)
    private int number;

    @Column(nullable = false, length = 128)
    private String volume;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected ImageVersion() {
        // for JPA
    }

    ImageVersion(GoldenImage image, int number, String volume) {
        this.id = UUID.randomUUID();
        this.image = image;
        this.number = number;
        this.volume = requireVolume(volume);
        this.createdAt = Instant.now();
    }

    /** A volume name in a storage pool: no slashes, no "..", no specials. */
    public static String requireVolume(String volume) {
        if (volume == null || !volume.matches(VOLUME_PATTERN) || volume.contains("..")) {
            throw new BrokerException(org.vdi.broker.domain.shared.ErrorCode.INVALID_PATH,
                    "volume must be a file name in the host's storage pool: letters, digits, '.', '-', '_',"
                            + " no '/' and no '..'");
        }
        return volume;
    }

    public UUID id() {
        return id;
    }

    public int number() {
        return number;
    }

    public String volume() {
        return volume;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
