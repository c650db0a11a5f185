package org.vdi.console.tunnel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GoodbyeTest {

    @Test
    void findsErrorAndDisconnectAsOpcodes() {
        assertTrue(Goodbye.in("5.error,6.Closed,3.514;".toCharArray()));
        assertTrue(Goodbye.in("4.sync,1.1;10.disconnect;".toCharArray()));
        assertTrue(Goodbye.in("4.sync,1.1;5.error,1.x,3.519;4.sync,1.2;".toCharArray()));
    }

    @Test
    void ignoresTheWordsInsideOtherInstructions() {
        // a clipboard blob or a name may carry the same characters, never at an instruction's start
        assertFalse(Goodbye.in("4.name,8.5.error,;".toCharArray()));
        assertFalse(Goodbye.in("4.blob,1.0,14.10.disconnect;;".toCharArray()));
        assertFalse(Goodbye.in("4.sync,3.100;".toCharArray()));
        assertFalse(Goodbye.in(new char[0]));
    }
}
