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

    static boolean isLocal(String libvirtUri) {
        URI uri = URI.create(libvirtUri);
        return "qemu".equals(uri.getScheme()) && (uri.getHost() == null || uri.getHost().isEmpty());
    }
}
