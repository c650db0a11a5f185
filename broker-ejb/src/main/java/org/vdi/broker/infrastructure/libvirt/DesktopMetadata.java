package org.vdi.broker.infrastructure.libvirt;

import java.util.Optional;
import java.util.UUID;

import javax.xml.XMLConstants;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The broker's mark on a libvirt domain:
 * {@code <vdi:desktop xmlns:vdi="https://vdi-broker.org/xmlns/libvirt/1" desktop-id=".." pool-id=".."/>}
 * inside {@code <metadata>}. Reconcile and the event listener only ever touch
 * domains that carry it, so a foreign domain on a shared host is never
 * mistaken for a desktop. Writing and reading live together so they cannot
 * drift apart.
 */
final class DesktopMetadata {

    /** The namespace URI; scripts/libvirt.sh relies on the same string when it cleans up. */
    static final String NAMESPACE = "https://vdi-broker.org/xmlns/libvirt/1";
    static final String PREFIX = "vdi";
    static final String ELEMENT = "desktop";
    static final String DESKTOP_ID = "desktop-id";
    static final String POOL_ID = "pool-id";

    /** What the mark says. */
    record Tag(UUID desktopId, UUID poolId) {
    }

    private DesktopMetadata() {
    }

    /** Appends the mark to a domain's {@code <metadata>} element. */
    static void appendTo(Element metadata, UUID desktopId, UUID poolId) {
        Document doc = metadata.getOwnerDocument();
        Element desktop = doc.createElementNS(NAMESPACE, PREFIX + ":" + ELEMENT);
        // Declared explicitly so any serializer writes it, not only namespace-fixing ones.
        desktop.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:" + PREFIX, NAMESPACE);
        desktop.setAttribute(DESKTOP_ID, desktopId.toString());
        desktop.setAttribute(POOL_ID, poolId.toString());
        metadata.appendChild(desktop);
    }

    /**
     * Reads the element that {@code virDomainGetMetadata} returns for our
     * namespace. libvirt hands it back without the namespace declaration, so
     * only the local name is checked here; the namespace was the lookup key.
     */
    static Optional<Tag> fromMetadataElement(String elementXml) {
        Element root = HostCapabilities.parse(elementXml).getDocumentElement();
        if (!ELEMENT.equals(XmlDocuments.localName(root))) {
            return Optional.empty();
        }
        return tag(root);
    }

    /** Reads the mark from a whole domain XML; empty for a domain without it. */
    static Optional<Tag> fromDomainXml(String domainXml) {
        Element domain = HostCapabilities.parse(domainXml).getDocumentElement();
        Element metadata = XmlDocuments.firstChild(domain, "metadata");
        if (metadata == null) {
            return Optional.empty();
        }
        for (Element e : XmlDocuments.children(metadata, ELEMENT)) {
            if (NAMESPACE.equals(e.getNamespaceURI())) {
                return tag(e);
            }
        }
        return Optional.empty();
    }

    private static Optional<Tag> tag(Element e) {
        try {
            return Optional.of(new Tag(UUID.fromString(e.getAttribute(DESKTOP_ID)),
                    UUID.fromString(e.getAttribute(POOL_ID))));
        } catch (IllegalArgumentException malformed) {
            // Our namespace with ids that are not UUIDs: not a desktop the broker made.
            return Optional.empty();
        }
    }
}
