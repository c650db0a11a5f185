package org.vdi.broker.infrastructure.libvirt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Error;
import org.libvirt.LibvirtException;
import org.vdi.broker.domain.model.host.Host;
import org.vdi.broker.domain.model.hypervisor.TaggedDomain;

/**
 * Finds the broker's domains on a host by their {@link DesktopMetadata} mark.
 * Only these are ever listed to reconcile, so a foreign domain on a shared
 * host is invisible to the broker.
 */
final class TaggedDomains {

    private final LibvirtConnections connections;

    TaggedDomains(LibvirtConnections connections) {
        this.connections = connections;
    }

    /** Every domain on the host, active and defined, that carries the mark. */
    List<TaggedDomain> list(Host host) {
        HostConnection hc = HostConnection.open(connections, host);
        List<TaggedDomain> out = new ArrayList<>();
        for (Domain d : allDomains(hc)) {
            try {
                Optional<DesktopMetadata.Tag> tag = tagOf(d);
                if (tag.isPresent()) {
                    out.add(new TaggedDomain(d.getName(), tag.get().desktopId(), tag.get().poolId(),
                            PowerStates.of(d.getInfo().state)));
                }
            } catch (LibvirtException e) {
                if (!LibvirtErrors.isNoSuch(e)) { // undefined since the listing: not there any more
                    throw hc.failure("read domain", nameOf(d), e);
                }
            }
        }
        return out;
    }

    /** The mark on every domain of the connection, for priming a cache. */
    static List<Tagged> marks(Connect connect) throws LibvirtException {
        List<Tagged> out = new ArrayList<>();
        for (Domain d : connect.listAllDomains(0)) {
            try {
                Optional<DesktopMetadata.Tag> tag = tagOf(d);
                if (tag.isPresent()) {
                    out.add(new Tagged(d.getUUIDString(), tag.get()));
                }
            } catch (LibvirtException e) {
                if (!LibvirtErrors.isNoSuch(e)) {
                    throw e;
                }
            }
        }
        return out;
    }

    /** One domain's mark, keyed by its UUID. */
    record Tagged(String uuid, DesktopMetadata.Tag tag) {
    }

    /**
     * The domain's mark, read with {@code virDomainGetMetadata} (the live
     * definition of a running domain, else the persistent one); empty for a
     * domain without it.
     */
    static Optional<DesktopMetadata.Tag> tagOf(Domain d) throws LibvirtException {
        String element;
        try {
            element = d.getMetadata(Domain.MetadataType.ELEMENT, DesktopMetadata.NAMESPACE, 0);
        } catch (LibvirtException e) {
            Error err = e.getError();
            if (err != null && err.getCode() == Error.ErrorNumber.VIR_ERR_NO_DOMAIN_METADATA) {
                return Optional.empty();
            }
            throw e;
        }
        return element == null ? Optional.empty() : DesktopMetadata.fromMetadataElement(element);
    }

    private static Domain[] allDomains(HostConnection hc) {
        try {
            return hc.connect().listAllDomains(0);
        } catch (LibvirtException e) {
            throw hc.failure("list domains of", "host " + hc.hostName(), e);
        }
    }

    static String nameOf(Domain d) {
        try {
            return d.getName();
        } catch (LibvirtException e) {
            return "(unknown)";
        }
    }
}
