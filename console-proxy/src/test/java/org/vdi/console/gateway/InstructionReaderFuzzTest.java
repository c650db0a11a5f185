package org.vdi.console.gateway;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.vdi.console.fuzz.Budget;

/**
 * The built-in gateway's reader of the browser's Guacamole instructions, under
 * coverage-guided fuzzing: any bytes end in instructions or a
 * {@link GatewayException}, within a few times the input's size in memory.
 * Kept inputs: {@code InstructionReaderFuzzTestInputs/fuzz} beside this class's
 * resources; {@code ./vdi bench fuzz} runs it long.
 */
class InstructionReaderFuzzTest {

    /** The handshake's bound; the reader must refuse more, not buffer it. */
    static final int MAX_LENGTH = 8192;

    @FuzzTest
    void fuzz(byte[] input) throws Exception {
        Budget.within(8L * input.length + (1L << 20), () -> {
            InstructionReader r = new InstructionReader(new BufferedReader(
                    new InputStreamReader(new ByteArrayInputStream(input), StandardCharsets.UTF_8)), MAX_LENGTH,
                    GatewaySession.MAX_ELEMENTS);
            while (r.read() != null) {
                // every instruction, until the input ends or is refused
            }
        }, GatewayException.class, java.io.IOException.class);
    }
}
