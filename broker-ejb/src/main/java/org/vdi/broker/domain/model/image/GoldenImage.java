package org.vdi.broker.domain.model.image;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.Names;

/**
 * A golden image: the disk desktops are cloned from, with numbered versions.
 * Each version names a volume that must exist in the storage pool of every
 * host that serves it; a new version rebuilds spares and reaches assigned
 * desktops at their next refresh.
 */
@Entity
@Table(name = "golden_image")
public class GoldenImage {

    @Id
    private UUID id;

    @Column(nullable = false, unique = true, length = 64)
    private String name;

    @Column(length = 512)
    private String description;

    @OneToMany(mappedBy = "image", cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
    private List<ImageVersion> versions = new ArrayList<>();

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Version
    private long version;

    protected GoldenImage() {
        // for JPA
    }

    public GoldenImage(String name, String description, String firstVolume) {
        this.id = UUID.randomUUID();
        this.name = Names.require("image name", name);
        this.description = description == null ? null : description.strip();
        if (this.description != null && this.description.length() > 512) {
            throw BrokerException.invalid("description", "description must be at most 512 characters");
        }
        // NUL cannot be stored in PostgreSQL text; the other control characters have no place in it either
        if (this.description != null && this.description.chars()
                .anyMatch(c -> (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)) {
            throw BrokerException.invalid("description", "description must not contain control characters");
        }
        this.createdAt = Instant.now();
        addVersion(firstVolume);
    }

    /** Adds the next version on the given volume and makes it current. */
    public ImageVersion addVersion(String volume) {
        int next = versions.stream().mapToInt(ImageVersion::number).max().orElse(0) + 1;
        ImageVersion v = new ImageVersion(this, next, volume);
        versions.add(v);
        return v;
    }

    public ImageVersion current() {
        return versions.stream().max(Comparator.comparingInt(ImageVersion::number))
                .orElseThrow(() -> new IllegalStateException("image " + name + " has no version"));
    }

    public UUID id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public List<ImageVersion> versions() {
        return versions.stream().sorted(Comparator.comparingInt(ImageVersion::number)).toList();
    }

    public Instant createdAt() {
        return createdAt;
    }
}
