package org.vdi.broker.domain.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.vdi.console.api.Refusal;

/**
 * console-proxy reads the broker's error codes as {@link Refusal}s: every code the
 * broker can answer its internal console API with must be one, with the same HTTP
 * status, or console-proxy would tell users "cannot reach the broker" for it.
 */
class ErrorCodeRefusalTest {

    @Test
    void everyBrokerErrorCodeIsARefusalWithTheSameHttpStatus() {
        for (ErrorCode e : ErrorCode.values()) {
            Optional<Refusal> r = Refusal.fromCode(e.code());
            assertTrue(r.isPresent(), e.code() + " has no Refusal");
            assertEquals(e.httpStatus(), r.get().httpStatus(), e.code());
        }
    }
}
