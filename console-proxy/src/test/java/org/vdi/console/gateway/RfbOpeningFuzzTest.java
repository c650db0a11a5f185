package org.vdi.console.gateway;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.vdi.console.fuzz.Budget;

/**
 * The opening of an RFB connection as a malicious VNC server answers it: version,
 * security types, the VNC authentication challenge and its result, the failure
 * reason, ServerInit with its pixel format and desktop name. Reasons and names are
 * capped at 4 KiB, so the memory is that plus JCE's DES set-up.
 */
class RfbOpeningFuzzTest {

    @FuzzTest
    void fuzz(byte[] input) throws Exception {
        Budget.within(4L << 20, () -> RfbConnector.open(new RfbIn(new ByteArrayInputStream(input)),
                OutputStream.nullOutputStream(), "password"), GatewayException.class);
    }
}
