package org.vdi.broker.infrastructure.libvirt;

import java.io.StringReader;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Reads libvirt's host capabilities XML. Note that "kvm offered" only means
 * QEMU can open /dev/kvm: paravirtual kvm modules pass this yet cannot boot
 * guests, which is why the virtualization type stays a per-host setting.
 */
final class HostCapabilities {

    private HostCapabilities() {
    }

    static boolean offersKvm(String capabilitiesXml) {
        Document doc = parse(capabilitiesXml);
        NodeList guests = doc.getElementsByTagName("guest");
        for (int i = 0; i < guests.getLength(); i++) {
            Element guest = (Element) guests.item(i);
            NodeList arches = guest.getElementsByTagName("arch");
            if (arches.getLength() == 0 || !"x86_64".equals(((Element) arches.item(0)).getAttribute("name"))) {
                continue;
            }
            NodeList domains = guest.getElementsByTagName("domain");
            for (int j = 0; j < domains.getLength(); j++) {
                if ("kvm".equals(((Element) domains.item(j)).getAttribute("type"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Parses untrusted XML with DTDs and external entities off. */
    static Document parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(true);
            DocumentBuilder b = f.newDocumentBuilder();
            // Report errors by exception only; the default handler prints to stderr.
            b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
                    throw e;
                }
            });
            return b.parse(new InputSource(new StringReader(xml)));
        } catch (ParserConfigurationException | org.xml.sax.SAXException | java.io.IOException e) {
            throw new IllegalArgumentException("libvirt returned XML that cannot be parsed: " + e.getMessage(), e);
        }
    }
}
