package org.vdi.portal.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.vdi.broker.application.AssignmentResult;
import org.vdi.broker.application.DesktopService;
import org.vdi.broker.domain.model.desktop.Desktop;
import org.vdi.broker.domain.model.desktop.DesktopGuest;
import org.vdi.broker.domain.model.desktop.DesktopState;
import org.vdi.broker.domain.model.host.Host;
import org.vdi.broker.domain.model.hypervisor.VolumeInfo;
import org.vdi.broker.domain.model.image.GoldenImage;
import org.vdi.broker.domain.model.pool.AssignmentMode;
import org.vdi.broker.domain.model.pool.CloneMode;
import org.vdi.broker.domain.model.pool.GuestLogoff;
import org.vdi.broker.domain.model.pool.LogoffPolicy;
import org.vdi.broker.domain.model.pool.Pool;
import org.vdi.broker.domain.model.pool.PoolSettings;
import org.vdi.broker.domain.model.pool.Readiness;

/** The JSON shapes of the REST API, and their conversion from the domain. */
public final class Dtos {

    private Dtos() {
    }

    public record HostDto(UUID id, String name, String libvirtUri, String storagePool, String virtualizationType,
            String consoleAddress, int maxDesktops, long maxMemoryMib, boolean enabled, String state,
            String stateReason, Boolean kvmAvailable, Instant lastSeen) {

        static HostDto of(Host h) {
            return new HostDto(h.id(), h.name(), h.libvirtUri(), h.storagePool(),
                    h.virtualizationType().domainType(), h.consoleAddress(), h.maxDesktops(), h.maxMemoryMib(),
                    h.enabled(), ApiEnums.out(h.state()), h.stateReason(), h.kvmAvailable(), h.lastSeen());
        }
    }

    public record ImageVersionDto(int version, String volume, Instant createdAt) {
    }

    public record ImageDto(UUID id, String name, String description, int currentVersion, String currentVolume,
            List<ImageVersionDto> versions) {

        static ImageDto of(GoldenImage i) {
            return new ImageDto(i.id(), i.name(), i.description(), i.current().number(), i.current().volume(),
                    i.versions().stream().map(v -> new ImageVersionDto(v.number(), v.volume(), v.createdAt()))
                            .toList());
        }
    }

    /** POST /images: a volume of a host's storage pool becomes a golden image. */
    public record ImageRequest(String name, String description, UUID hostId, String volume) {
    }

    /** POST /images/{id}/versions. */
    public record ImageVersionRequest(UUID hostId, String volume) {
    }

    public record VolumeDto(String name, String path, String format, long capacityBytes, long allocationBytes,
            String backingPath) {

        static VolumeDto of(VolumeInfo v) {
            return new VolumeDto(v.name(), v.path(), v.format(), v.capacityBytes(), v.allocationBytes(),
                    v.backingPath());
        }
    }

    public record PoolDto(UUID id, String name, UUID imageId, String imageName, String cloneMode, int minSpare,
            int maxSize, String namingPattern, String assignment, String logoffPolicy, int idleTimeoutMinutes,
            int maxSessionMinutes, int perUserLimit, int memoryMib, int vcpus, Set<String> entitledGroups,
            Set<String> entitledRoles, List<String> protocols, boolean clipboard, String readiness,
            int readinessTimeoutSeconds, String guestLogoff, int guestLogoffGraceSeconds, boolean enabled,
            Map<String, Long> desktops) {

        static PoolDto of(Pool p, Map<DesktopState, Long> counts) {
            PoolSettings s = p.settings();
            Map<String, Long> c = null;
            if (counts != null) {
                c = new TreeMap<>();
                for (Map.Entry<DesktopState, Long> e : counts.entrySet()) {
                    c.put(ApiEnums.out(e.getKey()), e.getValue());
                }
            }
            return new PoolDto(p.id(), p.name(), p.image().id(), p.image().name(), ApiEnums.out(s.cloneMode()),
                    s.minSpare(), s.maxSize(), s.namingPattern(), ApiEnums.out(s.assignment()),
                    ApiEnums.out(s.logoffPolicy()), s.idleTimeoutMinutes(), s.maxSessionMinutes(),
                    s.perUserLimit(), s.memoryMib(), s.vcpus(), s.entitledGroups(), s.entitledRoles(),
                    s.protocols(), s.clipboard(), ApiEnums.out(s.readiness()), s.readinessTimeoutSeconds(),
                    ApiEnums.out(s.guestLogoff()), s.guestLogoffGraceSeconds(), p.enabled(), c);
        }

        /** What a user sees of a pool: no settings that are the admins' business. */
        static Map<String, Object> forUser(Pool p) {
            return Map.of("id", p.id(), "name", p.name(), "assignment", ApiEnums.out(p.assignment()),
                    "protocols", p.settings().protocols());
        }
    }

    /** POST and PUT /pools. Missing numbers take the defaults documented on PoolSettings. */
    public record PoolRequest(String name, UUID imageId, String cloneMode, Integer minSpare, Integer maxSize,
            String namingPattern, String assignment, String logoffPolicy, Integer idleTimeoutMinutes,
            Integer maxSessionMinutes, Integer perUserLimit, Integer memoryMib, Integer vcpus,
            Set<String> entitledGroups, Set<String> entitledRoles, List<String> protocols, Boolean clipboard,
            String readiness, Integer readinessTimeoutSeconds, String guestLogoff, Integer guestLogoffGraceSeconds) {

        PoolSettings toSettings() {
            boolean spice = protocols != null && protocols.stream().anyMatch("spice"::equalsIgnoreCase);
            if (protocols != null && protocols.stream().anyMatch(x -> !"vnc".equalsIgnoreCase(x)
                    && !"spice".equalsIgnoreCase(x))) {
                throw org.vdi.broker.domain.shared.BrokerException.invalid("protocols",
                        "protocols may contain vnc and spice");
            }
            return new PoolSettings(name, ApiEnums.in(CloneMode.class, "cloneMode", cloneMode, CloneMode.LINKED),
                    or(minSpare, 1), or(maxSize, 10), namingPattern,
                    ApiEnums.in(AssignmentMode.class, "assignment", assignment, AssignmentMode.DEDICATED),
                    ApiEnums.in(LogoffPolicy.class, "logoffPolicy", logoffPolicy, LogoffPolicy.KEEP),
                    or(idleTimeoutMinutes, 0), or(maxSessionMinutes, 0), or(perUserLimit, 1), or(memoryMib, 512),
                    or(vcpus, 1), entitledGroups, entitledRoles, spice, clipboard == null || clipboard,
                    ApiEnums.in(Readiness.class, "readiness", readiness, PoolSettings.DEFAULT_READINESS),
                    or(readinessTimeoutSeconds, PoolSettings.DEFAULT_READINESS_TIMEOUT_SECONDS),
                    ApiEnums.in(GuestLogoff.class, "guestLogoff", guestLogoff, PoolSettings.DEFAULT_GUEST_LOGOFF),
                    or(guestLogoffGraceSeconds, PoolSettings.DEFAULT_GUEST_LOGOFF_GRACE_SECONDS));
        }

        private static int or(Integer v, int d) {
            return v == null ? d : v;
        }
    }

    public record DesktopDto(UUID id, String name, UUID poolId, String poolName, String host, String state,
            String stateCause, Instant stateChangedAt, int imageVersion, String assignedTo, GuestDto guest) {

        static DesktopDto of(Desktop d, DesktopGuest g) {
            return new DesktopDto(d.id(), d.name(), d.pool().id(), d.pool().name(), d.host().name(),
                    ApiEnums.out(d.state()), d.stateCause(), d.stateChangedAt(), d.imageVersion(), d.assignedTo(),
                    GuestDto.of(d, g));
        }

        /** The desktops with what their guests reported, in one read of the guest rows. */
        static List<DesktopDto> of(List<Desktop> desktops, DesktopService service) {
            Map<UUID, DesktopGuest> guests = service.guests(desktops.stream().map(Desktop::id).toList());
            return desktops.stream().map(d -> of(d, guests.get(d.id()))).toList();
        }
    }

    /**
     * What a running desktop's guest agent last reported: who is logged in
     * inside the guest and since when, the last logoff, its addresses, when
     * it last answered, and why the last question got no usable answer (null
     * when it did). Null on a desktop whose guest is not running or whose pool
     * does not ask its guests (readiness boot).
     */
    public record GuestDto(List<String> users, Instant logonSince, Instant loggedOffAt, List<String> addresses,
            Instant reportedAt, String cause) {

        static GuestDto of(Desktop d, DesktopGuest g) {
            if (g == null || !d.pool().watchesGuests() || !(d.state().isHeld() || d.state() == DesktopState.AVAILABLE)) {
                return null;
            }
            return new GuestDto(g.users(), g.logonSince(), g.logoffAt(), g.addresses(), g.answeredAt(), g.cause());
        }
    }

    public record AssignmentDto(UUID assignmentId, UUID desktopId, String desktopName, String state,
            Instant stateSince, UUID poolId, String poolName) {

        static AssignmentDto of(AssignmentResult r) {
            return new AssignmentDto(r.assignmentId(), r.desktopId(), r.desktopName(), ApiEnums.out(r.state()),
                    r.stateSince(), r.poolId(), r.poolName());
        }
    }

    /** POST /pools/{id}/assignments, optional body. */
    public record AssignmentRequest(Boolean additional) {
    }
}
