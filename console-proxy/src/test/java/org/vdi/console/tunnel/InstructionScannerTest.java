package org.vdi.console.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.guacamole.protocol.GuacamoleStatus;
import org.junit.jupiter.api.Test;

class InstructionScannerTest {

    private static final int MAX = 65536;

    @Test
    void splitsWholeInstructionsAndKeepsTheirText() throws Exception {
        InstructionScanner s = new InstructionScanner(MAX);
        List<InstructionScanner.Instruction> out = s.feed("4.sync,8.12345678;5.mouse,3.100,3.200,1.1;");
        assertEquals(2, out.size());
        assertEquals("sync", out.get(0).opcode());
        assertEquals(List.of("12345678"), out.get(0).args());
        assertEquals("4.sync,8.12345678;", out.get(0).raw());
        assertEquals(List.of("100", "200", "1"), out.get(1).args());
        assertFalse(s.pending());
    }

    @Test
    void readsTheTunnelsInternalPing() throws Exception {
        List<InstructionScanner.Instruction> out = new InstructionScanner(MAX).feed("0.,4.ping,13.1700000000000;");
        assertEquals("", out.get(0).opcode());
        assertEquals(List.of("ping", "1700000000000"), out.get(0).args());
    }

    @Test
    void anInstructionMayContinueInTheNextMessage() throws Exception {
        InstructionScanner s = new InstructionScanner(MAX);
        assertTrue(s.feed("3.key,5.655").isEmpty());
        assertTrue(s.pending());
        List<InstructionScanner.Instruction> out = s.feed("37,1.1;");
        assertEquals(List.of("65537", "1"), out.get(0).args());
        assertEquals("3.key,5.65537,1.1;", out.get(0).raw());
    }

    @Test
    void lengthsCountCodePointsNotUtf16Units() throws Exception {
        // an emoji is one code point (two UTF-16 units), as guacamole-common-js counts it
        List<InstructionScanner.Instruction> out = new InstructionScanner(MAX).feed("4.clip,3.a\uD83D\uDE00b;");
        assertEquals("a\uD83D\uDE00b", out.get(0).args().get(0));
    }

    @Test
    void refusesAnOversizedInstructionBeforeItEnds() {
        InstructionScanner s = new InstructionScanner(8192);
        InstructionScanner.Refused e = assertThrows(InstructionScanner.Refused.class,
                () -> s.feed("4.blob,1.0,9000." + "A".repeat(9000) + ";"));
        assertEquals(GuacamoleStatus.CLIENT_OVERRUN, e.status());
    }

    @Test
    void refusesAnInstructionGrowingPastTheLimitAcrossMessages() throws Exception {
        InstructionScanner s = new InstructionScanner(8192);
        assertTrue(s.feed("4.blob,1.0,8100.").isEmpty());
        for (int i = 0; i < 81; i++) {
            assertTrue(s.feed("A".repeat(100)).isEmpty(), "still below the limit");
        }
        assertTrue(s.feed(",100.").isEmpty(), "8121 characters pending");
        InstructionScanner.Refused e = assertThrows(InstructionScanner.Refused.class, () -> s.feed("B".repeat(100)));
        assertEquals(GuacamoleStatus.CLIENT_OVERRUN, e.status());
    }

    @Test
    void refusesTooManyElements() {
        StringBuilder many = new StringBuilder("4.blob");
        for (int i = 0; i < InstructionScanner.MAX_ELEMENTS; i++) {
            many.append(",1.x");
        }
        InstructionScanner.Refused e = assertThrows(InstructionScanner.Refused.class,
                () -> new InstructionScanner(MAX).feed(many + ";"));
        assertEquals(GuacamoleStatus.CLIENT_OVERRUN, e.status());
    }

    @Test
    void refusesMalformedInstructions() {
        for (String bad : List.of("sync;", "4.sync8.1234;", "4.syncX;", "4.sync,x.1;", ".sync;", "99999999.a;",
                "4.sync,8.12345678:", "-1.a;")) {
            InstructionScanner.Refused e = assertThrows(InstructionScanner.Refused.class,
                    () -> new InstructionScanner(MAX).feed(bad), bad);
            assertTrue(e.status() == GuacamoleStatus.CLIENT_BAD_REQUEST
                    || e.status() == GuacamoleStatus.CLIENT_OVERRUN, bad + ": " + e.status());
        }
    }

    @Test
    void anElementLengthAboveTheLimitIsRefusedAtOnce() {
        InstructionScanner.Refused e = assertThrows(InstructionScanner.Refused.class,
                () -> new InstructionScanner(8192).feed("9000."));
        assertEquals(GuacamoleStatus.CLIENT_OVERRUN, e.status());
    }
}
