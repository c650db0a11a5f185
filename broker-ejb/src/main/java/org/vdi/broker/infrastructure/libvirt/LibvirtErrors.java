package org.vdi.broker.infrastructure.libvirt;

import org.libvirt.Error;
import org.libvirt.LibvirtException;

/** Turns libvirt's errors into one readable line for logs and API answers. */
final class LibvirtErrors {

    private LibvirtErrors() {
    }

    static String message(LibvirtException e) {
        Error err = e.getError();
        if (err != null && err.getMessage() != null) {
            return err.getMessage().strip();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
    }

    /** True when libvirt says the named object does not exist. */
    static boolean isNoSuch(LibvirtException e) {
        Error err = e.getError();
        if (err == null || err.getCode() == null) {
            return false;
        }
        return switch (err.getCode()) {
            case VIR_ERR_NO_DOMAIN, VIR_ERR_NO_STORAGE_POOL, VIR_ERR_NO_STORAGE_VOL -> true;
            default -> false;
        };
    }
}
