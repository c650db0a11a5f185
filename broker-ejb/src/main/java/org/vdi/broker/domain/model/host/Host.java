package org.vdi.broker.domain.model.host;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.Names;

/**
 * A KVM host reached through one libvirt URI. Desktops are placed on hosts
 * that are up, have room, and (for linked clones) hold the golden image in
 * their storage pool. The state is what the broker last saw, with a reason a
 * person can act on.
 */
@Entity
@Table(name = "host")
public class Host {

    @Id
    private UUID id;

    @Column(nullable = false, unique = true, length = 64)
    private String name;

    @Column(name = "libvirt_uri", nullable = false, length = 512)
    private String libvirtUri;

    @Column(name = "storage_pool", nullable = false, length = 64)
    private String storagePool;

    @Enumerated(EnumType.STRING)
    @Column(name = "virt_type", nullable = false, length = 8)
    private VirtualizationType virtualizationType;

    /** Address the desktops' VNC/SPICE servers listen on, as console-proxy reaches it. */
    @Column(name = "console_address", nullable = false, length = 255)
    private String consoleAddress;

    @Column(name = "max_desktops", nullable = false)
    private int maxDesktops;

    @Column(name = "max_memory_mib", nullable = false)
    private long maxMemoryMib;

    @Column(nullable = false)
    private boolean enabled;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private HostState state;

    @Column(name = "state_reason", length = 1024)
    private String stateReason;

    @Column(name = "kvm_available")
    private Boolean kvmAvailable;

    @Column(name = "last_seen")
    private Instant lastSeen;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Version
    private long version;

    protected Host() {
        // for JPA
    }

    public Host(String name, String libvirtUri, String storagePool, VirtualizationType type,
            String consoleAddress, int maxDesktops, long maxMemoryMib) {
        this.id = UUID.randomUUID();
        this.name = Names.require("host name", name);
        this.libvirtUri = LibvirtUri.require(libvirtUri);
        this.storagePool = Names.require("storage pool", storagePool);
        this.virtualizationType = Objects.requireNonNull(type, "virtualization type");
        this.consoleAddress = requireAddress(consoleAddress);
        if (maxDesktops < 1 || maxDesktops > 10_000) {
            throw BrokerException.invalid("maxDesktops must be between 1 and 10000");
        }
        if (maxMemoryMib < 64) {
            throw BrokerException.invalid("maxMemoryMib must be at least 64");
        }
        this.maxDesktops = maxDesktops;
        this.maxMemoryMib = maxMemoryMib;
        this.enabled = true;
        this.state = HostState.UNKNOWN;
        this.createdAt = Instant.now();
    }

    private static String requireAddress(String address) {
        if (address == null || !address.matches("^[A-Za-z0-9.:\\[\\]-]{1,255}$")) {
            throw BrokerException.invalid("consoleAddress must be a host name or IP address");
        }
        return address;
    }

    /** Records a successful contact: the host is up, with what libvirt said about KVM. */
    public void markUp(boolean kvmAvailable, Instant when) {
        this.state = HostState.UP;
        this.stateReason = null;
        this.kvmAvailable = kvmAvailable;
        this.lastSeen = when;
    }

    /** Records a failed contact with the reason a person can act on. */
    public void markDown(String reason) {
        this.state = HostState.DOWN;
        this.stateReason = reason == null ? "unreachable" : truncate(reason, 1024);
    }

    public void disable() {
        this.enabled = false;
    }

    public void enable() {
        this.enabled = true;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    public UUID id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String libvirtUri() {
        return libvirtUri;
    }

    public String storagePool() {
        return storagePool;
    }

    public VirtualizationType virtualizationType() {
        return virtualizationType;
    }

    public String consoleAddress() {
        return consoleAddress;
    }

    public int maxDesktops() {
        return maxDesktops;
    }

    public long maxMemoryMib() {
        return maxMemoryMib;
    }

    public boolean enabled() {
        return enabled;
    }

    public HostState state() {
        return state;
    }

    public String stateReason() {
        return stateReason;
    }

    public Boolean kvmAvailable() {
        return kvmAvailable;
    }

    public Instant lastSeen() {
        return lastSeen;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
