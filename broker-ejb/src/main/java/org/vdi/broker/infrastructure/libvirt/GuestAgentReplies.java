package org.vdi.broker.infrastructure.libvirt;

import java.io.StringReader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import org.vdi.broker.domain.model.hypervisor.GuestReport;

/**
 * Reads the guest agent's answers to {@code guest-get-users} and
 * {@code guest-network-get-interfaces}. The guest is not trusted: anything
 * that is not the documented shape is refused with a cause naming what was
 * wrong (never an exception to the poll), names and counts are bounded, and
 * addresses must be IP literals (never resolved as host names).
 */
final class GuestAgentReplies {

    /** More users or addresses than this is not a desktop the broker can show; the rest are dropped. */
    static final int MAX_ENTRIES = 32;

    /** Guest user names the broker keeps: printable, no separator of its own list. */
    private static final Pattern USER = Pattern.compile("[\\p{L}\\p{N}._@\\\\$ -]{1,64}");

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private GuestAgentReplies() {
    }

    /** The logged-in users, sorted; their earliest login ({@code login-time}, seconds since the epoch). */
    record Users(List<String> names, Instant firstLogon) {
    }

    /** @throws IllegalArgumentException naming what is wrong with the reply */
    static Users users(String reply) {
        TreeSet<String> names = new TreeSet<>();
        Instant first = null;
        for (JsonValue v : returned(reply, "guest-get-users")) {
            JsonObject u = object(v, "guest-get-users");
            String name = string(u, "user", "guest-get-users");
            if (!USER.matcher(name).matches()) {
                throw new IllegalArgumentException("guest-get-users named a user the broker cannot keep: "
                        + printable(name));
            }
            JsonValue t = u.get("login-time");
            if (!(t instanceof JsonNumber n) || n.doubleValue() < 0 || n.doubleValue() > 4.0e9) {
                throw new IllegalArgumentException("guest-get-users gave no valid login-time for " + name);
            }
            Instant at = Instant.ofEpochMilli((long) (n.doubleValue() * 1000));
            first = first == null || at.isBefore(first) ? at : first;
            if (names.size() < MAX_ENTRIES) {
                names.add(name);
            }
        }
        return new Users(List.copyOf(names), first);
    }

    /** The guest's addresses without loopback and link-local ones, sorted. */
    static List<String> addresses(String reply) {
        TreeSet<String> out = new TreeSet<>();
        for (JsonValue v : returned(reply, "guest-network-get-interfaces")) {
            JsonValue ips = object(v, "guest-network-get-interfaces").get("ip-addresses");
            if (ips == null) {
                continue; // an interface without addresses
            }
            if (!(ips instanceof JsonArray list)) {
                throw new IllegalArgumentException("guest-network-get-interfaces: ip-addresses is not a list");
            }
            for (JsonValue a : list) {
                String text = string(object(a, "guest-network-get-interfaces"), "ip-address",
                        "guest-network-get-interfaces");
                InetAddress ip = literal(text);
                if (!ip.isLoopbackAddress() && !ip.isLinkLocalAddress() && out.size() < MAX_ENTRIES) {
                    out.add(ip.getHostAddress());
                }
            }
        }
        return List.copyOf(out);
    }

    private static InetAddress literal(String text) {
        String bare = text.indexOf('%') > 0 ? text.substring(0, text.indexOf('%')) : text;
        boolean v4 = IPV4.matcher(bare).matches()
                && java.util.Arrays.stream(bare.split("\\.")).allMatch(o -> Integer.parseInt(o) <= 255);
        if (!v4 && !(IPV6.matcher(bare).matches() && bare.contains(":"))) {
            throw new IllegalArgumentException("guest-network-get-interfaces gave an address that is no IP address: "
                    + printable(text));
        }
        try {
            // NOTE: only literals reach this, so there is no name lookup
            return InetAddress.getByName(bare);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("guest-network-get-interfaces gave an invalid address: "
                    + printable(text), e);
        }
    }

    private static JsonArray returned(String reply, String command) {
        if (reply == null) {
            throw new IllegalArgumentException(command + ": no reply");
        }
        try (JsonReader r = Json.createReader(new StringReader(reply))) {
            JsonValue root = r.readValue();
            if (root instanceof JsonObject o && o.get("return") instanceof JsonArray a) {
                return a;
            }
            throw new IllegalArgumentException(command + " replied without a list: " + printable(reply));
        } catch (JsonException | IllegalStateException e) {
            throw new IllegalArgumentException(command + " replied with something that is not JSON: "
                    + printable(reply), e);
        }
    }

    private static JsonObject object(JsonValue v, String command) {
        if (v instanceof JsonObject o) {
            return o;
        }
        throw new IllegalArgumentException(command + " listed something that is not an object");
    }

    private static String string(JsonObject o, String key, String command) {
        if (o.get(key) instanceof jakarta.json.JsonString s) {
            return s.getString();
        }
        throw new IllegalArgumentException(command + " gave no " + key);
    }

    /** A bounded, printable excerpt of what the guest sent, for the cause. */
    static String printable(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 80 ? clean : clean.substring(0, 80) + "...";
    }

    /** Both answers as one report. */
    static GuestReport report(String usersReply, String interfacesReply) {
        Users u = users(usersReply);
        return GuestReport.answer(new ArrayList<>(u.names()), u.firstLogon(), addresses(interfacesReply));
    }
}
