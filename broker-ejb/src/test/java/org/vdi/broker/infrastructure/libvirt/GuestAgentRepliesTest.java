package org.vdi.broker.infrastructure.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GuestAgentRepliesTest {

    @Test
    void readsQemuGaUsers() {
        GuestAgentReplies.Users u = GuestAgentReplies.users("{\"return\": [{\"user\": \"vdiuser\", \"login-time\":"
                + " 1796396400.25}, {\"user\": \"alice\", \"domain\": \"CORP\", \"login-time\": 1796396300}]}");
        assertEquals(List.of("alice", "vdiuser"), u.names());
        assertEquals(Instant.ofEpochSecond(1796396300), u.firstLogon());
        GuestAgentReplies.Users none = GuestAgentReplies.users("{\"return\": []}");
        assertEquals(List.of(), none.names());
        assertNull(none.firstLogon());
    }

    @Test
    void keepsRoutableAddressesOnly() {
        String reply = """
                {"return": [
                  {"name": "lo", "hardware-address": "00:00:00:00:00:00", "ip-addresses": [
                    {"ip-address-type": "ipv4", "ip-address": "127.0.0.1", "prefix": 8},
                    {"ip-address-type": "ipv6", "ip-address": "::1", "prefix": 128}]},
                  {"name": "eth0", "ip-addresses": [
                    {"ip-address-type": "ipv4", "ip-address": "192.0.2.10", "prefix": 24},
                    {"ip-address-type": "ipv6", "ip-address": "fe80::5054:ff:fe12:3456%eth0", "prefix": 64},
                    {"ip-address-type": "ipv6", "ip-address": "2001:db8::10", "prefix": 64}]},
                  {"name": "eth1"}
                ]}""";
        assertEquals(List.of("192.0.2.10", "2001:db8:0:0:0:0:0:10"), GuestAgentReplies.addresses(reply));
        assertEquals(List.of(), GuestAgentReplies.addresses("{\"return\": [{\"name\": \"lo\", \"ip-addresses\":"
                + " [{\"ip-address\": \"127.0.0.1\"}]}]}"), "a guest with only loopback has no address to show");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[]", "{\"return\": {}}", "{\"error\": {\"class\": \"GenericError\"}}",
            "{\"return\": [42]}", "{\"return\": [{\"user\": 7, \"login-time\": 1}]}",
            "{\"return\": [{\"user\": \"a,b\", \"login-time\": 1}]}",
            "{\"return\": [{\"user\": \"vdiuser\"}]}",
            "{\"return\": [{\"user\": \"vdiuser\", \"login-time\": -5}]}",
            "{\"return\": [{\"user\": \"\\u001b[31m\", \"login-time\": 1}]}"})
    void refusesGarbageUsersWithACause(String reply) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GuestAgentReplies.users(reply));
        assertTrue(e.getMessage().startsWith("guest-get-users"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"return\": [{\"name\": \"eth0\", \"ip-addresses\": [{\"ip-address\":"
            + " \"evil.example.com\"}]}]}",
            "{\"return\": [{\"name\": \"eth0\", \"ip-addresses\": {}}]}",
            "{\"return\": [{\"name\": \"eth0\", \"ip-addresses\": [{\"ip-address\": \"999.1.1.1\"}]}]}"})
    void refusesGarbageAddressesWithoutLookingThemUp(String reply) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GuestAgentReplies.addresses(reply));
        assertTrue(e.getMessage().startsWith("guest-network-get-interfaces"), e.getMessage());
    }

    @Test
    void aCauseQuotesTheGuestOnlyBriefly() {
        String huge = "x".repeat(10_000) + "\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GuestAgentReplies.users(huge));
        assertTrue(e.getMessage().length() < 200, e.getMessage());
    }
}
