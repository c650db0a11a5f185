package org.vdi.portal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import java.util.Set;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JwkSetTest {

    private static KeyPair sig;
    private static KeyPair enc;

    @BeforeAll
    static void keys() {
        sig = TestKeys.rsa(2048);
        enc = TestKeys.rsa(2048);
    }

    @Test
    void keepsRs256SigningKeysOnly() throws Exception {
        // Keycloak's set: one RS256 signing key and one RSA-OAEP encryption key.
        String doc = TestKeys.jwks(
                TestKeys.jwk("sig-1", sig.getPublic(), "sig", "RS256"),
                TestKeys.jwk("enc-1", enc.getPublic(), "enc", "RSA-OAEP"),
                TestKeys.jwk("ps-1", enc.getPublic(), "sig", "PS256"));
        Map<String, RSAPublicKey> keys = JwkSet.parse(doc);
        assertEquals(Set.of("sig-1"), keys.keySet());
        assertEquals(sig.getPublic(), keys.get("sig-1"));
    }

    @Test
    void acceptsAKeyWithoutUseAndAlg() throws Exception {
        assertEquals(Set.of("k"), JwkSet.parse(TestKeys.jwks(TestKeys.jwk("k", sig.getPublic(), null, null))).keySet());
    }

    @Test
    void skipsIncompleteAndUndecodableKeys() throws Exception {
        JsonObject full = TestKeys.jwk("k", sig.getPublic(), "sig", "RS256");
        String doc = TestKeys.jwks(
                Json.createObjectBuilder(full).add("kid", "no-n").remove("n").build(),
                Json.createObjectBuilder(full).add("kid", "bad-n").add("n", "***").build(),
                Json.createObjectBuilder(full).add("kid", "num-e").add("e", 65537).build(),
                full);
        assertEquals(Set.of("k"), JwkSet.parse(doc).keySet());
    }

    @Test
    void skipsKeysShorterThan2048Bits() throws Exception {
        KeyPair weak = TestKeys.rsa(1024);
        String doc = TestKeys.jwks(TestKeys.jwk("weak", weak.getPublic(), "sig", "RS256"));
        assertEquals(Map.of(), JwkSet.parse(doc));
    }

    @Test
    void refusesADocumentThatIsNoKeySet() {
        assertThrows(SigningKeysUnavailableException.class, () -> JwkSet.parse("<html>"));
        assertThrows(SigningKeysUnavailableException.class, () -> JwkSet.parse("{\"keys\": 1}"));
        assertThrows(SigningKeysUnavailableException.class, () -> JwkSet.parse("[]"));
    }
}
