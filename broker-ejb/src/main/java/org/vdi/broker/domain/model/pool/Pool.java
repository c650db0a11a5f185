package org.vdi.broker.domain.model.pool;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.vdi.broker.domain.model.image.GoldenImage;

/**
 * A desktop pool: which image, how many spares, how desktops are handed out
 * and taken back, and who may use it. Changed only through {@link #apply}, so
 * every change passes the same checks as creation.
 */
@Entity
@Table(name = "pool")
public class Pool {

    @Id
    private UUID id;

    @Column(nullable = false, unique = true, length = 64)
    private String name;

    @ManyToOne(optional = false, fetch = FetchType.EAGER)
    @JoinColumn(name = "image_id")
    private GoldenImage image;

    @Enumerated(EnumType.STRING)
    @Column(name = "clone_mode", nullable = false, length = 8)
    private CloneMode cloneMode;

    @Column(name = "min_spare", nullable = false)
    private int minSpare;

    @Column(name = "max_size", nullable = false)
    private int maxSize;

    @Column(name = "naming_pattern", nullable = false, length = 64)
    private String namingPattern;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private AssignmentMode assignment;

    @Enumerated(EnumType.STRING)
    @Column(name = "logoff_policy", nullable = false, length = 16)
    private LogoffPolicy logoffPolicy;

    @Column(name = "idle_timeout_min", nullable = false)
    private int idleTimeoutMinutes;

    @Column(name = "max_session_min", nullable = false)
    private int maxSessionMinutes;

    @Column(name = "per_user_limit", nullable = false)
    private int perUserLimit;

    @Column(name = "memory_mib", nullable = false)
    private int memoryMib;

    @Column(nullable = false)
    private int vcpus;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "pool_entitled_group", joinColumns = @JoinColumn(name = "pool_id"))
    @Column(name = "group_name", nullable = false, length = 255)
    private Set<String> entitledGroups = new HashSet<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "pool_entitled_role", joinColumns = @JoinColumn(name = "pool_id"))
    @Column(name = "role_name", nullable = false, length = 128)
    private Set<String> entitledRoles = new HashSet<>();

    @Column(nullable = false)
    private boolean spice;

    @Column(nullable = false)
    private boolean clipboard;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 8)
    private Readiness readiness;

    @Column(name = "readiness_timeout_s", nullable = false)
    private int readinessTimeoutSeconds;

    @Enumerated(EnumType.STRING)
    @Column(name = "guest_logoff", nullable = false, length = 8)
    private GuestLogoff guestLogoff;

    @Column(name = "guest_logoff_grace_s", nullable = false)
    private int guestLogoffGraceSeconds;

    @Column(nullable = false)
    private boolean enabled;

    /** The number the next desktop gets; numbers are never reused while the pool lives. */
    @Column(name = "next_number", nullable = false)
    private int nextNumber;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Version
    private long version;

    protected Pool() {
        // for JPA
    }

    public Pool(PoolSettings settings, GoldenImage image) {
        this.id = UUID.randomUUID();
        this.enabled = true;
        this.nextNumber = 1;
        this.createdAt = Instant.now();
        apply(settings, image);
    }

    /** Changes the pool's settings; the caller has checked the name is free. */
    public final void apply(PoolSettings s, GoldenImage newImage) {
        this.name = s.name();
        this.image = java.util.Objects.requireNonNull(newImage, "image");
        this.cloneMode = s.cloneMode();
        this.minSpare = s.minSpare();
        this.maxSize = s.maxSize();
        this.namingPattern = s.namingPattern();
        this.assignment = s.assignment();
        this.logoffPolicy = s.logoffPolicy();
        this.idleTimeoutMinutes = s.idleTimeoutMinutes();
        this.maxSessionMinutes = s.maxSessionMinutes();
        this.perUserLimit = s.perUserLimit();
        this.memoryMib = s.memoryMib();
        this.vcpus = s.vcpus();
        this.entitledGroups = new HashSet<>(s.entitledGroups());
        this.entitledRoles = new HashSet<>(s.entitledRoles());
        this.spice = s.spice();
        this.clipboard = s.clipboard();
        this.readiness = s.readiness();
        this.readinessTimeoutSeconds = s.readinessTimeoutSeconds();
        this.guestLogoff = s.guestLogoff();
        this.guestLogoffGraceSeconds = s.guestLogoffGraceSeconds();
    }

    public PoolSettings settings() {
        return new PoolSettings(name, cloneMode, minSpare, maxSize, namingPattern, assignment, logoffPolicy,
                idleTimeoutMinutes, maxSessionMinutes, perUserLimit, memoryMib, vcpus, entitledGroups,
                entitledRoles, spice, clipboard, readiness, readinessTimeoutSeconds, guestLogoff,
                guestLogoffGraceSeconds);
    }

    /**
     * True when one of the user's realm roles is entitled, or one of their Keycloak groups (full
     * paths) is an entitled group or lies below one: {@code /staff/eng} is in {@code /staff}, as
     * Keycloak's subgroups inherit their parent's roles; {@code /contractors/staff} is not.
     */
    public boolean entitles(Collection<String> groups, Collection<String> roles) {
        return groups.stream().anyMatch(this::entitlesGroup) || roles.stream().anyMatch(entitledRoles::contains);
    }

    private boolean entitlesGroup(String path) {
        if (!path.startsWith("/")) {
            return false; // a bare name from a realm whose group mapper sends no full paths
        }
        for (String p = path; !p.isEmpty(); p = p.substring(0, p.lastIndexOf('/'))) {
            if (entitledGroups.contains(p)) {
                return true;
            }
        }
        return false;
    }

    /** Takes the next desktop number (the caller holds the pool's lease or row lock). */
    public int takeNumber() {
        return nextNumber++;
    }

    public void disable() {
        this.enabled = false;
    }

    public UUID id() {
        return id;
    }

    public String name() {
        return name;
    }

    public GoldenImage image() {
        return image;
    }

    public CloneMode cloneMode() {
        return cloneMode;
    }

    public int minSpare() {
        return minSpare;
    }

    public int maxSize() {
        return maxSize;
    }

    public AssignmentMode assignment() {
        return assignment;
    }

    public LogoffPolicy logoffPolicy() {
        return logoffPolicy;
    }

    public int idleTimeoutMinutes() {
        return idleTimeoutMinutes;
    }

    public int maxSessionMinutes() {
        return maxSessionMinutes;
    }

    public int perUserLimit() {
        return perUserLimit;
    }

    public int memoryMib() {
        return memoryMib;
    }

    public int vcpus() {
        return vcpus;
    }

    public boolean spice() {
        return spice;
    }

    public boolean clipboard() {
        return clipboard;
    }

    public Readiness readiness() {
        return readiness;
    }

    public int readinessTimeoutSeconds() {
        return readinessTimeoutSeconds;
    }

    /**
     * True when a desktop that entered STARTING at {@code since} has had all
     * the time this pool gives it to become ready.
     */
    public boolean readinessExpired(Instant since, Instant now) {
        return readiness == Readiness.AGENT && !since.plusSeconds(readinessTimeoutSeconds).isAfter(now);
    }

    public GuestLogoff guestLogoff() {
        return guestLogoff;
    }

    public int guestLogoffGraceSeconds() {
        return guestLogoffGraceSeconds;
    }

    /**
     * True when the guest's users have been gone since {@code logoffAt} for
     * the pool's whole grace period, and the pool releases desktops for that.
     */
    public boolean guestLogoffDue(Instant logoffAt, Instant now) {
        return guestLogoff == GuestLogoff.RELEASE && logoffAt != null
                && !logoffAt.plusSeconds(guestLogoffGraceSeconds).isAfter(now);
    }

    /** True when the broker asks this pool's guests who is logged in: only their agent can say. */
    public boolean watchesGuests() {
        return readiness == Readiness.AGENT;
    }

    public boolean enabled() {
        return enabled;
    }

    public Set<String> entitledGroups() {
        return Set.copyOf(entitledGroups);
    }

    public Set<String> entitledRoles() {
        return Set.copyOf(entitledRoles);
    }

    public Instant createdAt() {
        return createdAt;
    }
}
