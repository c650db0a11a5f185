package org.vdi.broker.domain.model.pool;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.ErrorCode;
import org.vdi.broker.domain.shared.Names;

/**
 * A pool's settings, checked as a whole: the rules that involve two fields
 * (min spare within max size) live here, next to the one-field ones.
 *
 * <p>Defaults: linked clones, dedicated, keep, min spare 1, max size 10,
 * naming "{pool}-{n}", no timeouts, one desktop per user, 512 MiB, 1 vCPU,
 * VNC only, clipboard on, ready when the guest agent answers, within 300 s,
 * a logoff inside the guest ignored (grace 60 s when a pool releases on it).
 */
public record PoolSettings(String name, CloneMode cloneMode, int minSpare, int maxSize, String namingPattern,
        AssignmentMode assignment, LogoffPolicy logoffPolicy, int idleTimeoutMinutes, int maxSessionMinutes,
        int perUserLimit, int memoryMib, int vcpus, Set<String> entitledGroups, Set<String> entitledRoles,
        boolean spice, boolean clipboard, Readiness readiness, int readinessTimeoutSeconds,
        GuestLogoff guestLogoff, int guestLogoffGraceSeconds) {

    /** "{n}" is replaced by the desktop's number; the rest must make a valid name. */
    public static final String NUMBER_PLACEHOLDER = "{n}";

    /** Readiness when none is given: wait for the guest agent. */
    public static final Readiness DEFAULT_READINESS = Readiness.AGENT;

    /** How long a desktop may take to become ready when no limit is given. */
    public static final int DEFAULT_READINESS_TIMEOUT_SECONDS = 300;

    /** Bounds of the readiness timeout: a TCG guest needs seconds; an hour is surely broken. */
    public static final int MIN_READINESS_TIMEOUT_SECONDS = 10;
    public static final int MAX_READINESS_TIMEOUT_SECONDS = 3600;

    /** What a logoff inside the guest does when none is given: nothing. */
    public static final GuestLogoff DEFAULT_GUEST_LOGOFF = GuestLogoff.IGNORE;

    /** How long a guest may stay without a logged-in user before its desktop is released. */
    public static final int DEFAULT_GUEST_LOGOFF_GRACE_SECONDS = 60;

    /** Bounds of the grace period: 0 releases at the next poll; an hour is the idle timeout's job. */
    public static final int MAX_GUEST_LOGOFF_GRACE_SECONDS = 3600;

    /** The settings with a logoff inside the guest ignored. */
    public PoolSettings(String name, CloneMode cloneMode, int minSpare, int maxSize, String namingPattern,
            AssignmentMode assignment, LogoffPolicy logoffPolicy, int idleTimeoutMinutes, int maxSessionMinutes,
            int perUserLimit, int memoryMib, int vcpus, Set<String> entitledGroups, Set<String> entitledRoles,
            boolean spice, boolean clipboard, Readiness readiness, int readinessTimeoutSeconds) {
        this(name, cloneMode, minSpare, maxSize, namingPattern, assignment, logoffPolicy, idleTimeoutMinutes,
                maxSessionMinutes, perUserLimit, memoryMib, vcpus, entitledGroups, entitledRoles, spice, clipboard,
                readiness, readinessTimeoutSeconds, DEFAULT_GUEST_LOGOFF, DEFAULT_GUEST_LOGOFF_GRACE_SECONDS);
    }

    /** The settings with the default readiness (the guest agent, within 300 s). */
    public PoolSettings(String name, CloneMode cloneMode, int minSpare, int maxSize, String namingPattern,
            AssignmentMode assignment, LogoffPolicy logoffPolicy, int idleTimeoutMinutes, int maxSessionMinutes,
            int perUserLimit, int memoryMib, int vcpus, Set<String> entitledGroups, Set<String> entitledRoles,
            boolean spice, boolean clipboard) {
        this(name, cloneMode, minSpare, maxSize, namingPattern, assignment, logoffPolicy, idleTimeoutMinutes,
                maxSessionMinutes, perUserLimit, memoryMib, vcpus, entitledGroups, entitledRoles, spice, clipboard,
                DEFAULT_READINESS, DEFAULT_READINESS_TIMEOUT_SECONDS);
    }

    public PoolSettings {
        if (!Names.isValid(name)) {
            throw BrokerException.about("name", ErrorCode.INVALID_NAME, "pool name must be 1 to 64 characters of"
                    + " letters, digits, '-' or '_', starting with a letter or digit");
        }
        if (cloneMode == null) {
            throw BrokerException.invalid("cloneMode", "cloneMode is required");
        }
        if (assignment == null) {
            throw BrokerException.invalid("assignment", "assignment is required");
        }
        if (logoffPolicy == null) {
            throw BrokerException.invalid("logoffPolicy", "logoffPolicy is required");
        }
        if (minSpare < 0) {
            throw BrokerException.invalid("minSpare", "minSpare must not be negative");
        }
        if (maxSize < 1 || maxSize > 1000) {
            throw BrokerException.invalid("maxSize", "maxSize must be between 1 and 1000");
        }
        if (minSpare > maxSize) {
            throw BrokerException.invalid("minSpare",
                    "minSpare (" + minSpare + ") must not exceed maxSize (" + maxSize + ")");
        }
        if (namingPattern == null || namingPattern.isBlank()) {
            namingPattern = name + "-" + NUMBER_PLACEHOLDER;
        }
        if (!namingPattern.contains(NUMBER_PLACEHOLDER)
                || !Names.isValid(namingPattern.replace(NUMBER_PLACEHOLDER, "1000"))) {
            throw BrokerException.about("namingPattern", ErrorCode.INVALID_NAME, "namingPattern must contain {n} and otherwise be"
                    + " letters, digits, '-' or '_' (at most 64 characters with the number), e.g. eng-{n}");
        }
        if (idleTimeoutMinutes < 0) {
            throw BrokerException.invalid("idleTimeoutMinutes", "the idle timeout must not be negative (0 means none)");
        }
        if (maxSessionMinutes < 0) {
            throw BrokerException.invalid("maxSessionMinutes",
                    "the session limit must not be negative (0 means none)");
        }
        if (perUserLimit < 1 || perUserLimit > 100) {
            throw BrokerException.invalid("perUserLimit", "perUserLimit must be between 1 and 100");
        }
        if (memoryMib < 32 || memoryMib > 1_048_576) {
            throw BrokerException.invalid("memoryMib", "memoryMib must be between 32 and 1048576");
        }
        if (vcpus < 1 || vcpus > 64) {
            throw BrokerException.invalid("vcpus", "vcpus must be between 1 and 64");
        }
        if (readiness == null) {
            readiness = DEFAULT_READINESS;
        }
        if (readinessTimeoutSeconds < MIN_READINESS_TIMEOUT_SECONDS
                || readinessTimeoutSeconds > MAX_READINESS_TIMEOUT_SECONDS) {
            throw BrokerException.invalid("readinessTimeoutSeconds", "readinessTimeoutSeconds must be between "
                    + MIN_READINESS_TIMEOUT_SECONDS + " and " + MAX_READINESS_TIMEOUT_SECONDS);
        }
        if (guestLogoff == null) {
            guestLogoff = DEFAULT_GUEST_LOGOFF;
        }
        if (guestLogoff == GuestLogoff.RELEASE && readiness != Readiness.AGENT) {
            throw BrokerException.invalid("guestLogoff", "guestLogoff release needs readiness agent: without"
                    + " the guest agent the broker cannot see who is logged in inside the guest");
        }
        if (guestLogoffGraceSeconds < 0 || guestLogoffGraceSeconds > MAX_GUEST_LOGOFF_GRACE_SECONDS) {
            throw BrokerException.invalid("guestLogoffGraceSeconds", "guestLogoffGraceSeconds must be between 0"
                    + " and " + MAX_GUEST_LOGOFF_GRACE_SECONDS);
        }
        entitledGroups = checkGroupPaths(entitledGroups);
        entitledRoles = checkEntitlements("entitledRoles", entitledRoles);
    }

    /** One segment of a Keycloak group path: the characters a group name may have here. */
    private static final String GROUP_SEGMENT = "[A-Za-z0-9][A-Za-z0-9 _.@-]{0,127}";

    /**
     * Groups are named by their full Keycloak path ({@code /staff}, {@code /staff/eng}): a bare name
     * is refused, since {@code /staff} and {@code /contractors/staff} share it.
     */
    private static Set<String> checkGroupPaths(Set<String> paths) {
        Set<String> out = new TreeSet<>();
        for (String p : paths == null ? Set.<String>of() : paths) {
            if (p == null || p.length() > 255 || !p.matches("^(/" + GROUP_SEGMENT + ")+$") || p.contains("..")) {
                throw BrokerException.invalid("entitledGroups", "entitledGroups names each Keycloak group by its"
                        + " full path, such as /staff or /staff/eng (a bare name is ambiguous: /staff and"
                        + " /contractors/staff share it)");
            }
            out.add(p);
        }
        if (out.size() > 100) {
            throw BrokerException.invalid("entitledGroups", "entitledGroups has more than 100 entries");
        }
        return out;
    }

    private static Set<String> checkEntitlements(String field, Set<String> names) {
        Set<String> out = new TreeSet<>();
        if (names == null) {
            return out;
        }
        for (String n : names) {
            if (n == null || !n.matches("^[A-Za-z0-9][A-Za-z0-9 _.@/-]{0,127}$") || n.contains("..")) {
                throw BrokerException.invalid(field, field + " contains an invalid Keycloak group or role name");
            }
            out.add(n);
        }
        if (out.size() > 100) {
            throw BrokerException.invalid(field, field + " has more than 100 entries");
        }
        return out;
    }

    /** The desktop name for number n. */
    public String desktopName(int n) {
        return namingPattern.replace(NUMBER_PLACEHOLDER, Integer.toString(n));
    }

    public List<String> protocols() {
        return spice ? List.of("vnc", "spice") : List.of("vnc");
    }
}
