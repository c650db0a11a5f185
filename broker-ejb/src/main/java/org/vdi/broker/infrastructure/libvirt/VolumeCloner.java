package org.vdi.broker.infrastructure.libvirt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;
import org.vdi.broker.domain.model.host.Host;
import org.vdi.broker.domain.model.hypervisor.Hypervisor.CloneMode;
import org.vdi.broker.domain.model.hypervisor.VolumeInfo;
import org.vdi.broker.domain.shared.BrokerException;

/**
 * Desktop disks in a host's storage pool: listing, linked clones (qcow2
 * overlays on the golden image) and full copies, and deletion. Everything
 * stays inside the host's one pool, so a volume name is all it takes and no
 * request ever names a path.
 */
final class VolumeCloner {

    private static final Logger LOG = Logger.getLogger(VolumeCloner.class.getName());

    private final LibvirtConnections connections;

    VolumeCloner(LibvirtConnections connections) {
        this.connections = connections;
    }

    List<VolumeInfo> list(Host host) {
        HostConnection hc = HostConnection.open(connections, host);
        StoragePool pool = hc.pool();
        try {
            pool.refresh(0);
        } catch (LibvirtException e) {
            LOG.log(Level.FINE, "refresh of pool {0} failed, listing what libvirt knows: {1}",
                    new Object[] {hc.poolName(), LibvirtErrors.message(e)});
        }
        String[] names;
        try {
            names = pool.listVolumes();
        } catch (LibvirtException e) {
            throw hc.failure("list volumes of storage pool", hc.poolName(), e);
        }
        List<VolumeInfo> out = new ArrayList<>(names.length);
        for (String name : names) {
            try {
                out.add(read(hc, pool.storageVolLookupByName(name)));
            } catch (LibvirtException e) {
                if (!LibvirtErrors.isNoSuch(e)) { // deleted since the listing: skip it
                    throw hc.failure("read volume", name, e);
                }
            }
        }
        return out;
    }

    Optional<VolumeInfo> find(Host host, String name) {
        VolumeNames.require("volume name", name);
        HostConnection hc = HostConnection.open(connections, host);
        return hc.findVolume(hc.pool(), name).map(v -> read(hc, v));
    }

    /**
     * Makes the desktop's disk from the golden volume, replacing an existing
     * disk of that name. The caller makes sure no running domain uses it.
     *
     * <p>NOTE: a full copy runs inside libvirtd and blocks the calling thread
     * for as long as the copy takes; call it from a managed executor, never a
     * request thread.
     */
    VolumeInfo createDisk(Host host, String goldenName, String diskName, CloneMode mode) {
        VolumeNames.require("golden volume", goldenName);
        VolumeNames.require("disk volume", diskName);
        if (goldenName.equals(diskName)) {
            throw BrokerException.invalid("a desktop disk cannot replace its own golden volume " + goldenName);
        }
        HostConnection hc = HostConnection.open(connections, host);
        StoragePool pool = hc.pool();
        StorageVol goldenVol = hc.findVolume(pool, goldenName).orElseThrow(() -> BrokerException.notFound(
                "golden volume", goldenName + " in storage pool " + hc.poolName() + " on host " + hc.hostName()));
        VolumeInfo golden = read(hc, goldenVol);
        String volumeXml;
        try {
            volumeXml = mode == CloneMode.LINKED ? VolumeXmlBuilder.overlay(diskName, golden)
                    : VolumeXmlBuilder.copy(diskName, golden);
        } catch (IllegalArgumentException e) {
            throw BrokerException.invalid("cannot clone " + goldenName + ": " + e.getMessage());
        }
        hc.findVolume(pool, diskName).ifPresent(old -> delete(hc, old, diskName));
        long started = System.nanoTime();
        StorageVol created;
        try {
            created = mode == CloneMode.LINKED ? pool.storageVolCreateXML(volumeXml, 0)
                    : pool.storageVolCreateXMLFrom(volumeXml, goldenVol, 0);
        } catch (LibvirtException e) {
            throw hc.failure("create " + mode.name().toLowerCase(Locale.ROOT) + " clone", diskName, e);
        }
        VolumeInfo info = read(hc, created);
        LOG.log(Level.FINE, "host {0}: {1} clone {2} of {3} in {4} ms", new Object[] {hc.hostName(), mode, diskName,
                goldenName, (System.nanoTime() - started) / 1_000_000});
        return info;
    }

    /** Deletes the volume; a volume that is already gone is not an error. */
    void delete(Host host, String name) {
        VolumeNames.require("volume name", name);
        HostConnection hc = HostConnection.open(connections, host);
        hc.findVolume(hc.pool(), name).ifPresent(v -> delete(hc, v, name));
    }

    private static void delete(HostConnection hc, StorageVol vol, String name) {
        try {
            vol.delete(0);
        } catch (LibvirtException e) {
            if (!LibvirtErrors.isNoSuch(e)) {
                throw hc.failure("delete volume", name, e);
            }
        }
    }

    private static VolumeInfo read(HostConnection hc, StorageVol vol) {
        try {
            return VolumeXmlReader.read(vol.getXMLDesc(0));
        } catch (LibvirtException e) {
            throw hc.failure("read volume", volumeName(vol), e);
        }
    }

    private static String volumeName(StorageVol vol) {
        try {
            return vol.getName();
        } catch (LibvirtException e) {
            return "(unknown)";
        }
    }
}
