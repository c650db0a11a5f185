package org.vdi.broker.application.metrics;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * libvirt's error numbers as the {@code code} tag: its enum names in lower case
 * without the prefix ("VIR_ERR_NO_DOMAIN" becomes "no_domain"). libvirt-java's
 * enum bounds them; anything else becomes "unknown", so a tag never carries text.
 */
final class LibvirtCodes {

    static final String UNKNOWN = "unknown";
    private static final Pattern NAME = Pattern.compile("VIR_(ERR|WAR)_[A-Z0-9_]{1,48}");

    private LibvirtCodes() {
    }

    static String tag(String libvirtCode) {
        if (libvirtCode == null || !NAME.matcher(libvirtCode).matches()) {
            return UNKNOWN;
        }
        String s = libvirtCode.substring(libvirtCode.indexOf('_', 4) + 1).toLowerCase(Locale.ROOT);
        return s.isEmpty() ? UNKNOWN : s;
    }
}
