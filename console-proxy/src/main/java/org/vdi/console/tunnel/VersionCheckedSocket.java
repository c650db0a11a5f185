package org.vdi.console.tunnel;

import java.util.List;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.io.GuacamoleReader;
import org.apache.guacamole.net.DelegatingGuacamoleSocket;
import org.apache.guacamole.net.GuacamoleSocket;
import org.apache.guacamole.protocol.GuacamoleInstruction;
import org.apache.guacamole.protocol.GuacamoleProtocolVersion;

/**
 * A guacd socket that refuses, during the handshake, a guacd whose {@code args} names a
 * protocol version of another major generation than console-proxy's. guacamole-common
 * would go on with such a guacd and then wait for a {@code ready} that may never come
 * (or misread what comes); this stops at once with a reason the user and the logs can
 * use. An {@code args} without any version is guacd before 1.1, which speaks 1.0.0.
 */
final class VersionCheckedSocket extends DelegatingGuacamoleSocket {

    private final int major;
    private final String where;

    VersionCheckedSocket(GuacamoleSocket socket, int major, String where) {
        super(socket);
        this.major = major;
        this.where = where;
    }

    @Override
    public GuacamoleReader getReader() {
        GuacamoleReader reader = super.getReader();
        return new GuacamoleReader() {
            private boolean checked;

            @Override
            public boolean available() throws GuacamoleException {
                return reader.available();
            }

            @Override
            public char[] read() throws GuacamoleException {
                return reader.read();
            }

            @Override
            public GuacamoleInstruction readInstruction() throws GuacamoleException {
                GuacamoleInstruction i = reader.readInstruction();
                if (!checked && i != null && "args".equals(i.getOpcode())) {
                    checked = true;
                    check(i.getArgs());
                }
                return i;
            }
        };
    }

    private void check(List<String> args) throws GuacdUnavailableException {
        if (args.isEmpty() || !args.get(0).startsWith("VERSION_")) {
            return;
        }
        GuacamoleProtocolVersion v = GuacamoleProtocolVersion.parseVersion(args.get(0));
        if (v == null || v.getMajor() != major) {
            throw new GuacdUnavailableException("guacd at " + where + " speaks protocol " + args.get(0)
                    + "; console-proxy speaks " + major + ".x");
        }
    }
}
