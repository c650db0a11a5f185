package org.vdi.console.api;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The requests and answers of {@link ConsoleBroker} as they travel, for {@link ConsoleJson}. */
public final class ConsoleCalls {

    private ConsoleCalls() {
    }

    /** {@link ConsoleBroker#redeem}. */
    public record Redeem(String ticket, String clientAddr) {
    }

    /** {@link ConsoleBroker#refuse}. */
    public record Refuse(String ticket, String reason, String clientAddr) {
    }

    /** {@link ConsoleBroker#end}, without the session id, which the path carries. */
    public record End(long bytesIn, long bytesOut, String reason) {
    }

    /** {@link ConsoleBroker#poll}'s report. */
    public record Poll(List<UUID> live, List<UUID> active) {

        public Poll {
            live = List.copyOf(live);
            active = List.copyOf(active);
        }
    }

    /** {@link ConsoleBroker#poll}'s answer: the sessions to close, each with the message for its user. */
    public record Close(Map<UUID, String> sessions) {

        public Close {
            sessions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sessions));
        }
    }
}
