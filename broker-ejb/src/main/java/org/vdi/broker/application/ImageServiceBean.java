package org.vdi.broker.application;

import java.util.List;
import java.util.UUID;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import org.vdi.broker.domain.model.audit.AuditEvent.Outcome;
import org.vdi.broker.domain.model.audit.AuditTrail;
import org.vdi.broker.domain.model.host.Host;
import org.vdi.broker.domain.model.host.HostRepository;
import org.vdi.broker.domain.model.hypervisor.Hypervisor;
import org.vdi.broker.domain.model.hypervisor.VolumeInfo;
import org.vdi.broker.domain.model.image.GoldenImage;
import org.vdi.broker.domain.model.image.ImageRepository;
import org.vdi.broker.domain.model.image.ImageVersion;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.ErrorCode;
import org.vdi.broker.domain.shared.Names;

@Stateless
public class ImageServiceBean implements ImageService {

    @Inject
    ImageRepository images;

    @Inject
    HostRepository hosts;

    @Inject
    Hypervisor hypervisor;

    @Inject
    AuditTrail audit;

    @Inject
    VolumeLocations locations;

    @Override
    public GoldenImage register(String name, String description, UUID hostId, String volume, Caller caller) {
        // checked before the lookup: PostgreSQL refuses some characters (NUL) in a query parameter
        if (!Names.isValid(name)) {
            throw BrokerException.about("name", ErrorCode.INVALID_NAME, "image name must be 1 to 64 characters of"
                    + " letters, digits, '-' or '_', starting with a letter or digit");
        }
        if (images.findByName(name).isPresent()) {
            throw BrokerException.about("name", ErrorCode.CONFLICT, "an image named " + name + " already exists");
        }
        checkVolume(hostId, volume);
        GoldenImage image = new GoldenImage(name, description, volume);
        images.add(image);
        audit.record(caller.name(), "image.register", "image", image.id().toString(), Outcome.SUCCESS,
                name + " v1 " + volume);
        return image;
    }

    @Override
    public GoldenImage addVersion(UUID imageId, UUID hostId, String volume, Caller caller) {
        GoldenImage image = get(imageId);
        checkVolume(hostId, volume);
        ImageVersion v = image.addVersion(volume);
        audit.record(caller.name(), "image.version", "image", image.id().toString(), Outcome.SUCCESS,
                image.name() + " v" + v.number() + " " + volume);
        return image;
    }

    private void checkVolume(UUID hostId, String volume) {
        ImageVersion.requireVolume(volume);
        Host host = hosts.find(hostId)
                .orElseThrow(() -> BrokerException.invalid("hostId", "host " + hostId + " does not exist"));
        VolumeInfo info = hypervisor.volume(host, volume).orElseThrow(() -> BrokerException.invalid("volume",
                "volume " + volume + " does not exist in storage pool " + host.storagePool() + " of " + host.name()));
        locations.requireInsidePool(host, info);
        locations.requireChainInsidePool(host, info, file -> hypervisor.volume(host, file));
    }

    @Override
    public List<GoldenImage> list() {
        return images.findAll();
    }

    @Override
    public GoldenImage get(UUID id) {
        return images.find(id).orElseThrow(() -> BrokerException.notFound("image", id));
    }

    @Override
    public List<VolumeInfo> volumes(UUID hostId) {
        Host host = hosts.find(hostId).orElseThrow(() -> BrokerException.notFound("host", hostId));
        return hypervisor.listVolumes(host);
    }
}
