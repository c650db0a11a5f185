package org.vdi.portal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The verifier end to end against a JWKS served over HTTP, as Keycloak serves it. */
class HttpJwksSourceTest {

    private static final String CERTS = "/realms/vdi/protocol/openid-connect/certs";

    private final KeyPair realmKey = TestKeys.rsa(2048);
    private final AtomicInteger status = new AtomicInteger(200);
    private HttpServer server;
    private URI base;

    @BeforeEach
    void serveJwks() throws IOException {
        String doc = TestKeys.jwks(TestKeys.jwk("kc-1", realmKey.getPublic(), "sig", "RS256"));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(CERTS, exchange -> {
            byte[] body = doc.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        base = URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void verifiesATokenWithKeysFetchedOverHttp() throws Exception {
        String issuer = base + "/realms/vdi";
        JwtVerifier verifier = new JwtVerifier(issuer, TestKeys.AUDIENCE,
                new RemoteSigningKeys(new HttpJwksSource(URI.create(issuer + AccessTokenVerifier.JWKS_PATH)),
                        Clock.systemUTC()),
                Clock.systemUTC());
        String token = TestKeys.token(realmKey, "kc-1", TestKeys.claims(Instant.now()).add("iss", issuer).build());
        assertEquals("alice", AccessToken.of(verifier.verify(token)).name());
    }

    @Test
    void anErrorAnswerMeansTheKeysAreUnavailable() {
        status.set(500);
        HttpJwksSource source = new HttpJwksSource(base.resolve(CERTS));
        assertThrows(SigningKeysUnavailableException.class, source::fetch);
    }

    @Test
    void noServerMeansTheKeysAreUnavailable() {
        server.stop(0);
        HttpJwksSource source = new HttpJwksSource(base.resolve(CERTS));
        assertThrows(SigningKeysUnavailableException.class, source::fetch);
    }
}
