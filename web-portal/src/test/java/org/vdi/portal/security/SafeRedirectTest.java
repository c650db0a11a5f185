package org.vdi.portal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SafeRedirectTest {

    @Test
    void keepsPathsOfThisPortal() {
        assertEquals("/", SafeRedirect.relative("/"));
        assertEquals("/index.html", SafeRedirect.relative("/index.html"));
        assertEquals("/console.html?desktop=6f1c", SafeRedirect.relative("/console.html?desktop=6f1c"));
        assertEquals("/admin/pools.html#p1", SafeRedirect.relative("/admin/pools.html#p1"));
        assertEquals("/a%20b", SafeRedirect.relative("/a%20b"));
    }

    @Test
    void turnsEverythingElseIntoTheHomePage() {
        for (String bad : new String[] {null, "", "index.html", "https://evil.example/", "//evil.example/",
                "/\\evil.example", "\\\\evil.example", "javascript:alert(1)", "/\nLocation: x", "/a b",
                "http:/evil", "/%", "/auth/login", "/auth/callback?code=x", "/auth", "/x".repeat(2000)}) {
            assertEquals("/", SafeRedirect.relative(bad), String.valueOf(bad));
        }
    }
}
