package org.vdi.portal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HtmlPageTest {

    @Test
    void escapesEverythingThatCouldOpenMarkup() {
        assertEquals("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;",
                HtmlPage.escape("<script>alert(\"x\")</script> & 'y'"));
        assertEquals("", HtmlPage.escape(null));
    }
}
