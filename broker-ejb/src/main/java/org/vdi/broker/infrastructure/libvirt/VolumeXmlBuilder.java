package org.vdi.broker.infrastructure.libvirt;

import org.vdi.broker.domain.model.hypervisor.VolumeInfo;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Builds storage volume XML for desktop disks with the DOM API. Both kinds are
 * qcow2 with the golden image's virtual size: a linked clone is an empty
 * overlay whose backing store (path and format, stated explicitly so QEMU
 * never probes it) is the golden image; a full clone is the XML that
 * {@code virStorageVolCreateXMLFrom} copies the golden image into.
 */
final class VolumeXmlBuilder {

    private VolumeXmlBuilder() {
    }

    /** A qcow2 overlay backed by the golden volume. */
    static String overlay(String name, VolumeInfo golden) {
        Document doc = XmlDocuments.newDocument();
        Element volume = base(doc, name, golden);
        Element backing = XmlDocuments.child(volume, "backingStore");
        XmlDocuments.child(backing, "path", XmlDocuments.requireText("golden image path", golden.path()));
        XmlDocuments.child(backing, "format").setAttribute("type", backingFormat(golden));
        return XmlDocuments.serialize(doc);
    }

    /** A standalone qcow2 volume to copy the golden volume into. */
    static String copy(String name, VolumeInfo golden) {
        Document doc = XmlDocuments.newDocument();
        base(doc, name, golden);
        return XmlDocuments.serialize(doc);
    }

    private static Element base(Document doc, String name, VolumeInfo golden) {
        Element volume = XmlDocuments.root(doc, "volume");
        volume.setAttribute("type", "file");
        XmlDocuments.child(volume, "name", VolumeNames.require("disk volume", name));
        if (golden.capacityBytes() <= 0) {
            throw new IllegalArgumentException("golden volume " + golden.name() + " reports no capacity");
        }
        XmlDocuments.child(volume, "capacity", Long.toString(golden.capacityBytes())).setAttribute("unit", "bytes");
        Element target = XmlDocuments.child(volume, "target");
        XmlDocuments.child(target, "format").setAttribute("type", "qcow2");
        return volume;
    }

    private static String backingFormat(VolumeInfo golden) {
        String f = golden.format();
        if (!"qcow2".equals(f) && !"raw".equals(f)) {
            throw new IllegalArgumentException("golden volume " + golden.name() + " has format " + f
                    + "; linked clones need a qcow2 or raw golden image");
        }
        return f;
    }
}
