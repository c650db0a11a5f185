package org.vdi.broker.domain.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"eng", "eng-1", "Pool_2", "a", "0abc",
        "a234567890123456789012345678901234567890123456789012345678901234"})
    void acceptsPlainNames(String name) {
        assertTrue(Names.isValid(name), name);
        assertEquals(name, Names.require("pool name", name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "-eng", "_eng", "eng/1", "..", "../etc", "a..b", "eng 1", "eng<x>",
        "eng&amp;", "a'b", "a\"b", "tab\there", "new\nline", "nul\0", "ünï", "eng.1",
        "a2345678901234567890123456789012345678901234567890123456789012345"})
    void refusesEverythingElse(String name) {
        assertFalse(Names.isValid(name), name);
        BrokerException e = assertThrows(BrokerException.class, () -> Names.require("pool name", name));
        assertEquals(ErrorCode.INVALID_NAME, e.code());
        assertEquals(400, e.code().httpStatus());
    }

    @org.junit.jupiter.api.Test
    void refusesNull() {
        assertFalse(Names.isValid(null));
    }
}
