package org.vdi.broker.application;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;

import org.vdi.broker.domain.model.host.Host;
import org.vdi.broker.domain.model.hypervisor.VolumeInfo;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.ErrorCode;

/**
 * Checks that a golden image volume really lives inside its storage pool. The
 * volume name is already a plain file name; on a host this broker runs on
 * (a local libvirt URI) the file is also resolved, so a symlink placed in the
 * pool that leads elsewhere is refused. For remote hosts libvirt's own view
 * of the pool is what there is.
 */
@ApplicationScoped
public class VolumeLocations {

    public void requireInsidePool(Host host, VolumeInfo volume) {
        if (volume.path() == null || volume.path().contains("/../") || volume.path().endsWith("/..")) {
            throw new BrokerException(ErrorCode.INVALID_PATH, "volume " + volume.name() + " has no usable path");
        }
        if (!isLocal(host.libvirtUri())) {
            return;
        }
        Path path = Path.of(volume.path());
        try {
            Path dir = path.getParent().toRealPath();
            if (Files.isSymbolicLink(path) || !path.toRealPath().getParent().equals(dir)) {
                throw new BrokerException(ErrorCode.INVALID_PATH, "volume " + volume.name()
                        + " resolves outside storage pool " + host.storagePool() + "; symlinks are not accepted");
            }
        } catch (IOException e) {
            throw new BrokerException(ErrorCode.INVALID_PATH, "volume " + volume.name() + " cannot be read: "
                    + e.getMessage());
        }
    }

    /** How deep a golden image's backing chain may go. */
    static final int MAX_CHAIN = 16;

    /**
     * Checks a golden image's qcow2 backing chain: every backing file must be a
     * volume of the same storage pool (same folder, known to libvirt), each in
     * turn inside the pool, at most {@link #MAX_CHAIN} deep. A volume whose
     * chain leads elsewhere (/etc/..., another user's disk) would hand every
     * desktop cloned from it that file's content.
     *
     * @param lookup the pool's volume of a file name, or empty
     */
    public void requireChainInsidePool(Host host, VolumeInfo volume,
            java.util.function.Function<String, java.util.Optional<VolumeInfo>> lookup) {
        VolumeInfo v = volume;
        for (int depth = 0; v.backingPath() != null; depth++) {
            if (depth >= MAX_CHAIN) {
                throw new BrokerException(ErrorCode.INVALID_PATH, "volume " + volume.name()
                        + " has a backing chain deeper than " + MAX_CHAIN);
            }
            Path backing = Path.of(v.backingPath()).normalize();
            Path dir = Path.of(volume.path()).getParent();
            if (!backing.isAbsolute() || !dir.equals(backing.getParent())) {
                throw new BrokerException(ErrorCode.INVALID_PATH, "volume " + volume.name() + " is backed by "
                        + v.backingPath() + ", outside storage pool " + host.storagePool());
            }
            String file = backing.getFileName().toString();
            VolumeInfo next = lookup.apply(file).orElseThrow(() -> new BrokerException(ErrorCode.INVALID_PATH,
                    "volume " + volume.name() + " is backed by " + file + ", which is no volume of storage pool "
                            + host.storagePool()));
            requireInsidePool(host, next);
            v = next;
        }
    }

    static boolean isLocal(String libvirtUri) {
        URI uri = URI.create(libvirtUri);
        return "qemu".equals(uri.getScheme()) && (uri.getHost() == null || uri.getHost().isEmpty());
    }
}
