package org.vdi.console.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class RefusalTest {

    private static final Pattern CODE = Pattern.compile("[a-z]+(_[a-z]+)*");

    @Test
    void codesAreUniqueAndStable() {
        Set<String> seen = new HashSet<>();
        for (Refusal r : Refusal.values()) {
            assertTrue(seen.add(r.code()), "twice: " + r.code());
            assertTrue(CODE.matcher(r.code()).matches(), r.code());
            assertEquals(r, Refusal.fromCode(r.code()).orElseThrow());
        }
        assertTrue(Refusal.fromCode("no_such_code").isEmpty());
        assertTrue(Refusal.fromCode(null).isEmpty());
    }

    @Test
    void everyRefusalIsAnErrorWithWords() {
        for (Refusal r : Refusal.values()) {
            assertTrue(r.guacamoleStatus() >= 0x0100, r + ": a refusal is never Guacamole's SUCCESS");
            assertTrue(r.webSocketCode() >= 1002 && r.webSocketCode() <= 1011 && r.webSocketCode() != 1005
                    && r.webSocketCode() != 1006, r + ": a close code a server may send");
            assertTrue(r.httpStatus() >= 400 && r.httpStatus() < 600, r.toString());
            assertFalse(r.message().isBlank(), r.toString());
        }
    }

    @Test
    void serverFaultsNeverShowTheirDetailToUsers() {
        for (Refusal r : Refusal.values()) {
            if (!r.passesOn()) {
                assertEquals(r.message(), r.forPeople("vdi.proxy.key is not set on node-3"), r.toString());
            } else {
                assertEquals("detail", r.forPeople("detail"));
            }
            assertEquals(r.message(), r.forPeople(" "), "blank detail: the refusal's own words");
        }
    }

    @Test
    void theBrokersTicketCodesAreThere() {
        // the codes the broker's ticket redemption answers with (its ErrorCode spelling)
        for (String code : Arrays.asList("ticket_invalid", "ticket_expired", "ticket_used", "forbidden",
                "desktop_not_ready", "invalid_state", "conflict", "not_found", "host_unavailable",
                "hypervisor_error", "invalid_input", "unauthenticated", "internal_error", "not_configured")) {
            assertTrue(Refusal.fromCode(code).isPresent(), code);
        }
    }
}
