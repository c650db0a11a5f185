package org.vdi.broker.domain.model.hypervisor;

import java.util.Objects;

/**
 * What a desktop's qemu-guest-agent said to a ping: it answered, or why not
 * (not connected yet, no answer in time, the domain not running). A silent
 * agent is an answer, not a failure: a guest that is still booting has none.
 *
 * @param answered true when the agent answered the ping
 * @param detail why it did not, for the desktop's cause when it never does; empty when it answered
 */
public record AgentReply(boolean answered, String detail) {

    public AgentReply {
        Objects.requireNonNull(detail, "detail");
    }

    public static AgentReply answer() {
        return new AgentReply(true, "");
    }

    public static AgentReply silent(String why) {
        return new AgentReply(false, why);
    }
}
