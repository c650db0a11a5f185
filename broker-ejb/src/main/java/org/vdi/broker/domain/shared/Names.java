package org.vdi.broker.domain.shared;

import java.util.regex.Pattern;

/**
 * The one place that says what a name may look like. Names end up in libvirt
 * domain names, volume file names, log lines and web pages, so they are kept
 * to a strict, boring alphabet: no XML or HTML specials, no slashes, no dots
 * that could form "..", no control characters, at most 64 characters.
 */
public final class Names {

    /** Letters, digits, '-' and '_'; starts with a letter or digit; 1 to 64 characters. */
    public static final String PATTERN = "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$";

    /** The pattern in words, for error messages. */
    public static final String RULE = "must be 1 to 64 characters of letters, digits, '-' or '_',"
            + " starting with a letter or digit";

    private static final Pattern NAME = Pattern.compile(PATTERN);

    private Names() {
    }

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * Returns the name unchanged when valid.
     *
     * @throws BrokerException with {@link ErrorCode#INVALID_NAME} naming the field
     */
    public static String require(String field, String name) {
        if (!isValid(name)) {
            throw new BrokerException(ErrorCode.INVALID_NAME, field
                    + " must be 1 to 64 characters of letters, digits, '-' or '_', starting with a letter or digit");
        }
        return name;
    }
}
