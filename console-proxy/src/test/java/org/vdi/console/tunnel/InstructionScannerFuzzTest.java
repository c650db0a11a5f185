package org.vdi.console.tunnel;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import org.vdi.console.fuzz.Budget;

/**
 * The tunnel's scanner of the browser's WebSocket messages, fed the way a browser
 * (or an attacker) splits them: any text in any pieces ends in whole instructions
 * whose raw text is exactly what came in, or a {@link InstructionScanner.Refused}.
 */
class InstructionScannerFuzzTest {

    static final int MAX_CHARS = 16384;

    @FuzzTest
    void fuzz(FuzzedDataProvider data) throws Exception {
        java.util.List<String> pieces = new java.util.ArrayList<>();
        while (data.remainingBytes() > 0) {
            pieces.add(data.consumeString(1 + data.consumeInt(0, 64)));
        }
        Budget.within(1L << 22, () -> {
            InstructionScanner s = new InstructionScanner(MAX_CHARS);
            StringBuilder fed = new StringBuilder();
            StringBuilder out = new StringBuilder();
            for (String piece : pieces) {
                fed.append(piece);
                for (InstructionScanner.Instruction i : s.feed(piece)) {
                    out.append(i.raw());
                }
            }
            // what came out is a prefix of what went in, unchanged
            if (!fed.toString().startsWith(out.toString())) {
                throw new AssertionError("the scanner changed the instructions: fed " + fed + ", got " + out);
            }
        }, InstructionScanner.Refused.class);
    }
}
