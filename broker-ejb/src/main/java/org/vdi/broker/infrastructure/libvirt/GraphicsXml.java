package org.vdi.broker.infrastructure.libvirt;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads and rewrites the {@code <graphics>} element of a running domain.
 * libvirt only changes a live display's password through an update of the
 * whole device, and refuses one whose port or listen settings differ from the
 * live ones, so the update is the live element itself with a new password.
 */
final class GraphicsXml {

    /** libvirt's passwdValidTo format: UTC, to the second, without a zone suffix. */
    private static final DateTimeFormatter VALID_TO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    /** Where a display listens; tlsPort is -1 when it has no TLS port. */
    record Ports(int port, int tlsPort) {
    }

    private GraphicsXml() {
    }

    /** The ports of the domain's display of that type, if it has one. */
    static Optional<Ports> ports(String liveDomainXml, String type) {
        return find(HostCapabilities.parse(liveDomainXml), type)
                .map(g -> new Ports(port(g, "port"), port(g, "tlsPort")));
    }

    /**
     * The device XML that sets the display's password until the given time,
     * or empty when the domain has no display of that type.
     */
    static Optional<String> passwordUpdate(String liveDomainXml, String type, String password, Instant validUntil) {
        return update(liveDomainXml, type, password, validUntil, false);
    }

    /**
     * The device XML that closes the display: a password nobody knows, expired
     * already, and for SPICE {@code connected="disconnect"}, so QEMU drops the
     * clients that are connected (QEMU's VNC server keeps its clients whatever
     * libvirt asks; its only ones are console-proxy's, which console-proxy closes).
     * Empty when the domain has no display of that type.
     */
    static Optional<String> lockUpdate(String liveDomainXml, String type, String unknownPassword, Instant now) {
        return update(liveDomainXml, type, unknownPassword, now, "spice".equals(type));
    }

    private static Optional<String> update(String liveDomainXml, String type, String password, Instant validUntil,
            boolean disconnect) {
        return find(HostCapabilities.parse(liveDomainXml), type).map(live -> {
            Document doc = XmlDocuments.newDocument();
            Element g = (Element) doc.importNode(live, true);
            doc.appendChild(g);
            g.setAttribute("passwd", password);
            g.setAttribute("passwdValidTo", VALID_TO.format(validUntil.truncatedTo(ChronoUnit.SECONDS)));
            if (disconnect) {
                g.setAttribute("connected", "disconnect");
            }
            return XmlDocuments.serialize(doc);
        });
    }

    private static Optional<Element> find(Document domain, String type) {
        Element devices = XmlDocuments.firstChild(domain.getDocumentElement(), "devices");
        if (devices == null) {
            return Optional.empty();
        }
        for (Node n = devices.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && "graphics".equals(XmlDocuments.localName(e))
                    && type.equals(e.getAttribute("type"))) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private static int port(Element g, String attribute) {
        String value = g.getAttribute(attribute);
        if (value.isEmpty()) {
            return -1;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
