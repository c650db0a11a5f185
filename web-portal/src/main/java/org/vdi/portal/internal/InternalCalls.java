package org.vdi.portal.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.vdi.console.api.ConsoleCalls;
import org.vdi.console.api.ConsoleJson;
import org.vdi.console.api.ConsoleRefusedException;
import org.vdi.console.api.InternalApi;
import org.vdi.console.api.Refusal;
import org.vdi.console.api.RequestSignature;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * The calls of the internal listener: the signature checked on the exact bytes
 * received, then the same local call the in-process console-proxy makes
 * ({@link LocalConsoleBroker}), its answer or refusal as the contract's JSON.
 */
@ApplicationScoped
public class InternalCalls implements HttpHandler {

    /** The largest body a call may have; a poll of 10000 sessions fits. */
    static final int MAX_BODY = 1 << 20;
    private static final Pattern END = endPattern();

    @Inject
    ProxyKey key;

    @Inject
    LocalConsoleBroker broker;

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            int status = 200;
            String body;
            try {
                body = answer(ex);
                if (body == null) {
                    status = 204;
                }
            } catch (ConsoleRefusedException e) {
                status = e.refusal().httpStatus();
                body = ConsoleJson.error(e.refusal(), e.getMessage());
            }
            send(ex, status, body);
        } finally {
            ex.close();
        }
    }

    /** {@link InternalApi#END} with a session id where {@code {id}} is. */
    private static Pattern endPattern() {
        String[] around = (InternalApi.BASE + "/" + InternalApi.END).split("\\{id\\}", 2);
        return Pattern.compile(Pattern.quote(around[0]) + "([0-9a-fA-F-]{36})" + Pattern.quote(around[1]));
    }

    private String answer(HttpExchange ex) throws IOException, ConsoleRefusedException {
        String path = ex.getRequestURI().getRawPath();
        if (!path.startsWith(InternalApi.BASE + "/") || ex.getRequestURI().getRawQuery() != null) {
            throw new ConsoleRefusedException(Refusal.NOT_FOUND, "no such internal call: " + path);
        }
        if (!"POST".equals(ex.getRequestMethod())) {
            throw new ConsoleRefusedException(Refusal.INVALID_INPUT, "internal calls are POST requests");
        }
        byte[] bytes = read(ex.getRequestBody());
        var h = ex.getRequestHeaders();
        key.require("POST", path, h.getFirst(RequestSignature.TIME_HEADER), h.getFirst(RequestSignature.NONCE_HEADER),
                h.getFirst(RequestSignature.SIGNATURE_HEADER), bytes);
        return dispatch(path.substring(InternalApi.BASE.length() + 1), path, new String(bytes,
                StandardCharsets.UTF_8));
    }

    /** The answer's JSON; null for none (204). */
    private String dispatch(String call, String path, String json) throws ConsoleRefusedException {
        switch (call) {
            case InternalApi.REDEEM -> {
                ConsoleCalls.Redeem r = ConsoleJson.redeem(json);
                return ConsoleJson.toJson(broker.redeem(r.ticket(), r.clientAddr()));
            }
            case InternalApi.REFUSE -> {
                ConsoleCalls.Refuse r = ConsoleJson.refuse(json);
                broker.refuse(r.ticket(), r.reason(), r.clientAddr());
                return null;
            }
            case InternalApi.POLL -> {
                ConsoleCalls.Poll p = ConsoleJson.poll(json);
                Map<UUID, String> close = broker.poll(p.live(), p.active());
                return ConsoleJson.toJson(new ConsoleCalls.Close(close));
            }
            default -> {
                Matcher m = END.matcher(path);
                if (!m.matches()) {
                    throw new ConsoleRefusedException(Refusal.NOT_FOUND, "no such internal call: " + path);
                }
                ConsoleCalls.End e = ConsoleJson.end(json);
                broker.end(session(m.group(1)), e.bytesIn(), e.bytesOut(), e.reason());
                return null;
            }
        }
    }

    private static UUID session(String id) throws ConsoleRefusedException {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ConsoleRefusedException(Refusal.INVALID_INPUT, "not a session id: " + id);
        }
    }

    private static byte[] read(InputStream in) throws IOException, ConsoleRefusedException {
        byte[] bytes = in.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw new ConsoleRefusedException(Refusal.INVALID_INPUT, "the request body is over " + MAX_BODY
                    + " bytes");
        }
        return bytes;
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        if (body == null) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, out.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(out);
        }
    }
}
