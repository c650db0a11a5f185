package org.vdi.portal.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class DirectoryJsonTest {

    @Test
    void groupsAreFlattenedByNameWithTheirPaths() throws Exception {
        String json = """
                [{"id":"1","name":"staff","path":"/staff","subGroupCount":1,"subGroups":[
                   {"id":"2","name":"eng","path":"/staff/eng","subGroups":[]}]},
                 {"id":"3","name":"Admins","path":"/Admins"},
                 {"id":"4","name":"eng","path":"/other/eng"},
                 {"id":"5","path":"/nameless"},
                 "not a group"]
                """;
        List<DirectoryEntry> groups = DirectoryJson.groups(json);
        assertEquals(List.of(new DirectoryEntry("Admins", "/Admins", null), new DirectoryEntry("eng", "/staff/eng", null),
                new DirectoryEntry("staff", "/staff", null)), groups);
    }

    @Test
    void aGroupWithoutPathGetsOneFromItsParent() throws Exception {
        List<DirectoryEntry> groups = DirectoryJson.groups("""
                [{"name":"staff","subGroups":[{"name":"eng"}]}]
                """);
        assertEquals(List.of(new DirectoryEntry("eng", "/staff/eng", null), new DirectoryEntry("staff", "/staff", null)),
                groups);
    }

    @Test
    void realmRolesKeepTheirDescriptionButNotMessageKeysAndClientRolesAreLeftOut() throws Exception {
        List<DirectoryEntry> roles = DirectoryJson.roles("""
                [{"id":"a","name":"vdi-user","description":"Desktop users","composite":false,"clientRole":false},
                 {"id":"b","name":"vdi-admin","composite":false,"clientRole":false},
                 {"id":"c","name":"view-realm","clientRole":true},
                 {"id":"d","name":"offline_access","description":"${role_offline-access}","clientRole":false}]
                """);
        assertEquals(List.of(new DirectoryEntry("offline_access", "offline_access", null),
                new DirectoryEntry("vdi-admin", "vdi-admin", null),
                new DirectoryEntry("vdi-user", "vdi-user", "Desktop users")), roles);
    }

    @Test
    void answersThatAreNotAListAreErrors() {
        assertThrows(DirectoryException.class, () -> DirectoryJson.groups("{\"error\":\"unauthorized\"}"));
        assertThrows(DirectoryException.class, () -> DirectoryJson.roles("<html>"));
        assertThrows(DirectoryException.class, () -> DirectoryJson.roles(""));
    }

    @Test
    void theTokenAnswerGivesTheTokenAndItsExpiry() throws Exception {
        ServiceToken t = DirectoryJson.token("{\"access_token\":\"abc\",\"expires_in\":300,\"token_type\":\"Bearer\"}",
                1_000_000);
        assertEquals("abc", t.value());
        assertEquals(1_300_000, t.expiresAtMillis());
        assertTrue(t.freshAt(1_000_000, 10_000));
        assertTrue(!t.freshAt(1_295_000, 10_000));
        assertThrows(DirectoryException.class, () -> DirectoryJson.token("{\"error\":\"invalid_client\"}", 0));
    }

    @Test
    void theAdminApiLivesBesideTheRealm() {
        assertEquals("http://kc:8180/admin/realms/vdi", KeycloakAdminClient.adminBase("http://kc:8180/realms/vdi"));
        assertEquals("https://id.example.org/auth/admin/realms/vdi",
                KeycloakAdminClient.adminBase("https://id.example.org/auth/realms/vdi"));
        assertThrows(IllegalArgumentException.class, () -> KeycloakAdminClient.adminBase("http://kc/vdi"));
    }
}
