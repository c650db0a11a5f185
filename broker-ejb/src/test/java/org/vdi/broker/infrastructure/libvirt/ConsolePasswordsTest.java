package org.vdi.broker.infrastructure.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.vdi.broker.domain.shared.BrokerException;

class ConsolePasswordsTest {

    @Test
    void randomPasswordsFitTheProtocol() {
        ConsolePasswords p = new ConsolePasswords();
        String vnc = p.random("vnc");
        assertEquals(8, vnc.length());
        assertEquals(vnc, ConsolePasswords.require("vnc", vnc));
        assertEquals(24, p.random("spice").length());
        assertNotEquals(p.random("spice"), p.random("spice"));
    }

    @Test
    void refusesWhatQemuWouldRefuseOrTruncate() {
        assertThrows(BrokerException.class, () -> ConsolePasswords.require("vnc", "123456789"));
        assertThrows(BrokerException.class, () -> ConsolePasswords.require("vnc", ""));
        assertThrows(BrokerException.class, () -> ConsolePasswords.require("vnc", null));
        assertThrows(BrokerException.class, () -> ConsolePasswords.require("spice", "a b"));
        assertThrows(BrokerException.class, () -> ConsolePasswords.require("spice", "a\nb"));
        assertThrows(BrokerException.class, () -> ConsolePasswords.require("spice", "x".repeat(61)));
        assertEquals("x".repeat(60), ConsolePasswords.require("spice", "x".repeat(60)));
    }

    @Test
    void knowsTheProtocols() {
        assertEquals("vnc", ConsolePasswords.requireProtocol("VNC"));
        assertEquals("spice", ConsolePasswords.requireProtocol("spice"));
        assertThrows(BrokerException.class, () -> ConsolePasswords.requireProtocol("rdp"));
        assertThrows(BrokerException.class, () -> ConsolePasswords.requireProtocol(null));
    }
}
