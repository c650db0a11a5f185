package org.vdi.broker.infrastructure.libvirt;

import org.vdi.broker.domain.model.hypervisor.VolumeInfo;
import org.w3c.dom.Element;

/**
 * Reads libvirt's storage volume XML into a {@link VolumeInfo}. The XML is the
 * one place that tells the format and the backing file, which
 * {@code virStorageVolGetInfo} does not.
 */
final class VolumeXmlReader {

    private VolumeXmlReader() {
    }

    static VolumeInfo read(String volumeXml) {
        Element volume = HostCapabilities.parse(volumeXml).getDocumentElement();
        Element target = XmlDocuments.firstChild(volume, "target");
        Element format = XmlDocuments.firstChild(target, "format");
        Element backing = XmlDocuments.firstChild(volume, "backingStore");
        String backingPath = XmlDocuments.childText(backing, "path");
        return new VolumeInfo(
                XmlDocuments.childText(volume, "name"),
                XmlDocuments.childText(target, "path"),
                format == null ? null : format.getAttribute("type"),
                bytes(XmlDocuments.firstChild(volume, "capacity")),
                bytes(XmlDocuments.firstChild(volume, "allocation")),
                backingPath == null || backingPath.isEmpty() ? null : backingPath);
    }

    /** A size element in bytes; libvirt writes unit='bytes' today, but other units are legal. */
    static long bytes(Element size) {
        if (size == null) {
            return 0;
        }
        long value = Long.parseLong(size.getTextContent().strip());
        String unit = size.getAttribute("unit");
        return switch (unit.isEmpty() ? "bytes" : unit) {
            case "b", "bytes", "B" -> value;
            case "KB" -> value * 1_000L;
            case "k", "KiB" -> value * 1_024L;
            case "MB" -> value * 1_000_000L;
            case "M", "MiB" -> value * 1_048_576L;
            case "GB" -> value * 1_000_000_000L;
            case "G", "GiB" -> value * 1_073_741_824L;
            case "TB" -> value * 1_000_000_000_000L;
            case "T", "TiB" -> value * 1_099_511_627_776L;
            default -> throw new IllegalArgumentException("unknown size unit " + unit);
        };
    }
}
