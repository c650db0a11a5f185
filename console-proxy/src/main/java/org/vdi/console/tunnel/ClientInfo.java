package org.vdi.console.tunnel;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.guacamole.protocol.GuacamoleClientInformation;

/**
 * The browser's display as the tunnel's query parameters describe it
 * ({@code width}, {@code height}, {@code dpi}, {@code timezone}), for guacd's
 * handshake. Out-of-range or malformed values fall back to guacd's defaults
 * (1024x768 at 96 dpi) rather than failing the console.
 */
final class ClientInfo {

    static final List<String> IMAGE_TYPES = List.of("image/png", "image/jpeg", "image/webp");
    private static final Pattern TIMEZONE = Pattern.compile("^[A-Za-z][A-Za-z0-9_+\\-/]{0,63}$");

    private ClientInfo() {
    }

    static GuacamoleClientInformation from(Map<String, List<String>> params) {
        GuacamoleClientInformation info = new GuacamoleClientInformation();
        info.setOptimalScreenWidth(number(params, "width", 1, 8192, info.getOptimalScreenWidth()));
        info.setOptimalScreenHeight(number(params, "height", 1, 8192, info.getOptimalScreenHeight()));
        info.setOptimalResolution(number(params, "dpi", 24, 1200, info.getOptimalResolution()));
        // guacd needs at least one image type, or it has nothing to draw with
        info.getImageMimetypes().addAll(IMAGE_TYPES);
        String tz = single(params, "timezone");
        if (tz != null && TIMEZONE.matcher(tz).matches()) {
            info.setTimezone(tz);
        }
        return info;
    }

    private static int number(Map<String, List<String>> params, String name, int min, int max, int fallback) {
        String v = single(params, name);
        if (v == null || v.length() > 6) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            return n >= min && n <= max ? n : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** The one value of a parameter; null when absent or repeated. */
    static String single(Map<String, List<String>> params, String name) {
        List<String> values = params == null ? null : params.get(name);
        return values == null || values.size() != 1 ? null : values.get(0);
    }
}
