package org.vdi.broker.infrastructure.libvirt;

import java.util.regex.Pattern;

import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.ErrorCode;

/**
 * What a volume name may look like. In a directory pool the name is the file
 * name, so it must never hold a slash or form "..": a volume named by a
 * request could otherwise reach outside the pool.
 */
final class VolumeNames {

    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$");

    private VolumeNames() {
    }

    static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches() && !name.contains("..");
    }

    /** @throws BrokerException {@code INVALID_NAME} naming the field */
    static String require(String field, String name) {
        if (!isValid(name)) {
            throw new BrokerException(ErrorCode.INVALID_NAME, field
                    + " must be 1 to 128 characters of letters, digits, '.', '-' or '_', start with a letter"
                    + " or digit, and not contain \"..\"");
        }
        return name;
    }
}
