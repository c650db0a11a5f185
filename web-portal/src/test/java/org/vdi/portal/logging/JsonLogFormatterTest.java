package org.vdi.portal.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JsonLogFormatterTest {

    private final JsonLogFormatter formatter = new JsonLogFormatter();

    @AfterEach
    void clear() {
        LogContext.clear();
    }

    private static JsonObject parse(String line) {
        assertTrue(line.endsWith("\n"), "one line, ended");
        assertEquals(line.length() - 1, line.indexOf('\n'), "exactly one line: " + line);
        return Json.createReader(new StringReader(line)).readObject();
    }

    @Test
    void writesTheRecordWithItsParametersOnOneLine() {
        LogRecord r = new LogRecord(Level.WARNING, "desktop {0} on\n{1} \"failed\"");
        r.setParameters(new Object[] {"d-1", "host\tone"});
        r.setLoggerName("org.vdi.Test");
        r.setMillis(0);
        JsonObject o = parse(formatter.format(r));
        assertEquals("1970-01-01T00:00:00Z", o.getString("timestamp"));
        assertEquals("WARNING", o.getString("level"));
        assertEquals("org.vdi.Test", o.getString("logger"));
        assertEquals("desktop d-1 on\nhost\tone \"failed\"", o.getString("message"));
        assertFalse(o.containsKey("thrown"));
        assertFalse(o.containsKey("requestId"), "no request on this thread");
    }

    @Test
    void carriesTheStackTraceAndTheRequestsFields() {
        LogContext.set(new LogContext.Fields("req-1", "alice", "0b7c1f2e-0000-4000-8000-000000000001"));
        LogRecord r = new LogRecord(Level.SEVERE, "boom \u0001");
        r.setThrown(new IllegalStateException("inner"));
        JsonObject o = parse(formatter.format(r));
        assertEquals("boom \u0001", o.getString("message"));
        assertTrue(o.getString("thrown").startsWith("java.lang.IllegalStateException: inner"), o.toString());
        assertTrue(o.getString("thrown").contains("\tat "), "the whole trace");
        assertEquals("req-1", o.getString("requestId"));
        assertEquals("alice", o.getString("user"));
        assertEquals("0b7c1f2e-0000-4000-8000-000000000001", o.getString("desktopId"));
    }

    @Test
    void aRequestWithoutUserLeavesTheFieldOut() {
        LogContext.set(new LogContext.Fields("req-2", null, null));
        JsonObject o = parse(formatter.format(new LogRecord(Level.INFO, "x")));
        assertEquals("req-2", o.getString("requestId"));
        assertFalse(o.containsKey("user"));
        assertFalse(o.containsKey("desktopId"));
    }
}
