package org.vdi.broker.infrastructure.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class GraphicsXmlTest {

    /** Abridged from the live XML of a running test desktop under libvirt 9.0 (virsh dumpxml). */
    private static final String LIVE = """
            <domain type='qemu' id='7'>
              <name>vdi-desk-1</name>
              <metadata>
                <vdi:desktop xmlns:vdi="https://vdi-broker.org/xmlns/libvirt/1" desktop-id="11111111-1111-1111-1111-111111111111" pool-id="22222222-2222-2222-2222-222222222222"/>
              </metadata>
              <devices>
                <serial type='pty'><source path='/dev/pts/3'/><target type='isa-serial' port='0'/></serial>
                <graphics type='vnc' port='5901' autoport='yes' listen='127.0.0.1'>
                  <listen type='address' address='127.0.0.1'/>
                </graphics>
                <graphics type='spice' port='5902' tlsPort='5903' autoport='yes' listen='127.0.0.1'>
                  <listen type='address' address='127.0.0.1'/>
                  <image compression='off'/>
                </graphics>
                <video><model type='vga' vram='16384' heads='1' primary='yes'/></video>
              </devices>
            </domain>
            """;

    @Test
    void readsTheDisplayPorts() {
        assertEquals(Optional.of(new GraphicsXml.Ports(5901, -1)), GraphicsXml.ports(LIVE, "vnc"));
        assertEquals(Optional.of(new GraphicsXml.Ports(5902, 5903)), GraphicsXml.ports(LIVE, "spice"));
        assertEquals(Optional.empty(), GraphicsXml.ports(LIVE, "rdp"));
        assertEquals(Optional.empty(), GraphicsXml.ports("<domain><name>x</name></domain>", "vnc"));
    }

    @Test
    void passwordUpdateKeepsTheLiveListenAndPortSettings() {
        Instant until = Instant.parse("2030-01-02T03:04:05.678Z");
        String xml = GraphicsXml.passwordUpdate(LIVE, "vnc", "s3cret!x", until).orElseThrow();
        Element g = HostCapabilities.parse(xml).getDocumentElement();
        assertEquals("graphics", g.getTagName());
        assertEquals("vnc", g.getAttribute("type"));
        assertEquals("5901", g.getAttribute("port"));
        assertEquals("yes", g.getAttribute("autoport"));
        assertEquals("127.0.0.1", g.getAttribute("listen"));
        assertEquals("127.0.0.1", XmlDocuments.firstChild(g, "listen").getAttribute("address"));
        assertEquals("s3cret!x", g.getAttribute("passwd"));
        assertEquals("2030-01-02T03:04:05", g.getAttribute("passwdValidTo"));
    }

    @Test
    void passwordUpdateOfSpiceKeepsItsChildren() {
        String xml = GraphicsXml.passwordUpdate(LIVE, "spice", "pw", Instant.parse("2030-01-01T00:00:00Z"))
                .orElseThrow();
        Element g = HostCapabilities.parse(xml).getDocumentElement();
        assertEquals("5903", g.getAttribute("tlsPort"));
        assertEquals("off", XmlDocuments.firstChild(g, "image").getAttribute("compression"));
    }

    @Test
    void aPasswordWithXmlSpecialsStaysAnAttributeValue() {
        String pw = "a'\"<>&b";
        String xml = GraphicsXml.passwordUpdate(LIVE, "vnc", pw, Instant.parse("2030-01-01T00:00:00Z")).orElseThrow();
        Element g = HostCapabilities.parse(xml).getDocumentElement();
        assertEquals(pw, g.getAttribute("passwd"));
        assertEquals(1, g.getElementsByTagName("listen").getLength());
    }

    @Test
    void noUpdateForAMissingDisplay() {
        assertTrue(GraphicsXml.passwordUpdate(LIVE, "rdp", "pw", Instant.now()).isEmpty());
    }
}
