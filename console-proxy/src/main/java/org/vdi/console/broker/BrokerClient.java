package org.vdi.console.broker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
import org.vdi.console.config.ConsoleSettings;

/**
 * The broker's console contract over HTTP: console-proxy keeps no state and
 * runs none of the broker's beans, so redeeming tickets and reporting sessions
 * go to the web portal ({@code vdi.broker.url}), with the shared proxy key in
 * every request. Bodies and errors are the contract's own JSON, read and
 * written by the code the portal uses.
 */
@ApplicationScoped
public class BrokerClient implements ConsoleBroker {

    static final String KEY_HEADER = InternalApi.KEY_HEADER;
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
        String key = settings.proxyKey().orElseThrow(() -> new ConsoleRefusedException(Refusal.NOT_CONFIGURED,
                InternalApi.KEY_PROPERTY + " (" + InternalApi.KEY_VARIABLE + ") is not set for console-proxy"));
        HttpRequest req = HttpRequest.newBuilder(URI.create(settings.brokerUrl() + InternalApi.BASE + "/" + path))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header(KEY_HEADER, key)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> res;
        try {
            res = http.send(req, HttpResponse.BodyHandlers.ofString());
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
}
