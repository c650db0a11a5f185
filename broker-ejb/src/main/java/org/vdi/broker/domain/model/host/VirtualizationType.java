package org.vdi.broker.domain.model.host;

/**
 * How a host runs guests. Production hosts use {@link #KVM}; {@link #QEMU} is
 * TCG emulation, for hosts where KVM is absent or cannot boot guests (nested
 * or paravirtual kvm modules report KVM yet fail on real guests, so this is a
 * setting, not something read from libvirt's capabilities alone).
 */
public enum VirtualizationType {
    KVM("kvm"),
    QEMU("qemu");

    private final String domainType;

    VirtualizationType(String domainType) {
        this.domainType = domainType;
    }

    /** The value of the libvirt domain's {@code type} attribute. */
    public String domainType() {
        return domainType;
    }

    public static VirtualizationType parse(String value) {
        for (VirtualizationType t : values()) {
            if (t.domainType.equalsIgnoreCase(value) || t.name().equalsIgnoreCase(value)) {
                return t;
            }
        }
        throw org.vdi.broker.domain.shared.BrokerException.invalid(
                "virtualization type must be kvm or qemu, not '" + value + "'");
    }
}
