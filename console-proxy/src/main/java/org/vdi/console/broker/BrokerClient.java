package org.vdi.console.broker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.vdi.console.api.ConsoleBroker;
import org.vdi.console.api.ConsoleCalls;
import org.vdi.console.api.ConsoleJson;
import org.vdi.console.api.ConsoleRefusedException;
import org.vdi.console.api.InternalApi;
import org.vdi.console.api.Redemption;
import org.vdi.console.api.Refusal;
import org.vdi.console.api.RequestSignature;
import org.vdi.console.config.ConsoleSettings;

/**
 * The broker's console contract over HTTP, for a console-proxy on a node of its
 * own (inside the portal's application the broker is called in-process and
 * this bean is not chosen): redeeming tickets and reporting sessions go to the
 * broker's internal listener ({@code vdi.broker.url}), every request signed
 * with the shared proxy key. Bodies and errors are the contract's own JSON,
 * read and written by the code the broker uses.
 */
@ApplicationScoped
public class BrokerClient implements ConsoleBroker {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    // NOTE: one client for the application; java.net.http.HttpClient is thread safe
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    @Inject
    ConsoleSettings settings;

    @Override
    public Redemption redeem(String ticket, String clientAddr) throws ConsoleRefusedException {
        return ConsoleJson.redemption(post(InternalApi.REDEEM,
                ConsoleJson.toJson(new ConsoleCalls.Redeem(ticket, clientAddr))));
    }

    @Override
    public void refuse(String ticket, String reason, String clientAddr) throws ConsoleRefusedException {
        post(InternalApi.REFUSE, ConsoleJson.toJson(new ConsoleCalls.Refuse(ticket, reason, clientAddr)));
    }

    @Override
    public void end(UUID sessionId, long bytesIn, long bytesOut, String reason) throws ConsoleRefusedException {
        post(InternalApi.end(sessionId), ConsoleJson.toJson(new ConsoleCalls.End(bytesIn, bytesOut, reason)));
    }

    @Override
    public Map<UUID, String> poll(Collection<UUID> live, Collection<UUID> active) throws ConsoleRefusedException {
        return ConsoleJson.close(post(InternalApi.POLL, ConsoleJson.toJson(new ConsoleCalls.Poll(List.copyOf(live),
                List.copyOf(active))))).sessions();
    }

    /** The answer's body; a refusal for every answer but 2xx and for a broker out of reach. */
    private String post(String path, String body) throws ConsoleRefusedException {
        RequestSignature signer = signer();
        String fullPath = InternalApi.BASE + "/" + path;
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(settings.brokerUrl() + fullPath))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        signer.headers("POST", fullPath, Instant.now(), bytes).forEach(req::header);
        HttpResponse<String> res;
        try {
            res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ConsoleRefusedException(Refusal.UNREACHABLE, "the broker at " + settings.brokerUrl()
                    + " cannot be reached: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConsoleRefusedException(Refusal.UNREACHABLE, "interrupted while calling the broker", e);
        }
        if (res.statusCode() / 100 != 2) {
            throw ConsoleJson.refusal(res.statusCode(), res.body());
        }
        return res.body();
    }

    private RequestSignature signer() throws ConsoleRefusedException {
        String key = settings.proxyKey().orElseThrow(() -> new ConsoleRefusedException(Refusal.NOT_CONFIGURED,
                InternalApi.KEY_PROPERTY + " (" + InternalApi.KEY_VARIABLE + ") is not set for console-proxy"));
        try {
            return new RequestSignature(key);
        } catch (IllegalArgumentException e) {
            throw new ConsoleRefusedException(Refusal.NOT_CONFIGURED, InternalApi.KEY_VARIABLE + ": " + e.getMessage());
        }
    }
}
