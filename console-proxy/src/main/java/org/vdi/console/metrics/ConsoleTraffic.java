package org.vdi.console.metrics;

/** Where a console's bytes are counted as they pass, both ways. */
public interface ConsoleTraffic {

    /** Counts nothing: for a console built outside the application (tests). */
    ConsoleTraffic NONE = new ConsoleTraffic() {
        @Override
        public void in(long bytes) {
        }

        @Override
        public void out(long bytes) {
        }
    };

    /** Bytes from the browser towards the desktop. */
    void in(long bytes);

    /** Bytes from the desktop towards the browser. */
    void out(long bytes);
}
