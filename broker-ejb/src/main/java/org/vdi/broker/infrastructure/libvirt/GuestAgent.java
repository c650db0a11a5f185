package org.vdi.broker.infrastructure.libvirt;

import java.util.Optional;
import java.util.function.Function;

import org.libvirt.Domain;
import org.libvirt.Error;
import org.libvirt.LibvirtException;
import org.vdi.broker.domain.model.host.Host;
import org.vdi.broker.domain.model.hypervisor.AgentReply;
import org.vdi.broker.domain.model.hypervisor.GuestReport;

/**
 * Talks to a desktop's qemu-guest-agent through libvirt
 * ({@code virDomainQemuAgentCommand}), which the domain's
 * org.qemu.guest_agent.0 channel carries: the ping of the broker's readiness,
 * and the guest's users and addresses ({@link GuestAgentReplies} reads those).
 */
final class GuestAgent {

    private static final String PING = "{\"execute\":\"guest-ping\"}";

    private static final String USERS = "{\"execute\":\"guest-get-users\"}";

    private static final String INTERFACES = "{\"execute\":\"guest-network-get-interfaces\"}";

    /** Bounds what a caller may ask for: libvirt's own default is 5 s, and a ping needs no more. */
    static final int MAX_TIMEOUT_SECONDS = 30;

    private final LibvirtConnections connections;

    GuestAgent(LibvirtConnections connections) {
        this.connections = connections;
    }

    // NOTE: the calling thread waits in libvirt for at most timeoutSeconds; an
    // agent that is not connected fails at once, without waiting.
    AgentReply ping(Host host, String name, int timeoutSeconds) {
        return ask(host, name, timeoutSeconds, "ping the guest agent of", AgentReply::silent, domain -> {
            String reply = domain.qemuAgentCommand(PING, timeoutSeconds, 0);
            return reply != null && reply.contains("\"return\"") ? AgentReply.answer()
                    : AgentReply.silent("the guest agent gave an unexpected reply: " + reply);
        });
    }

    /**
     * Who is logged in inside the guest, and its addresses: two agent commands,
     * each waiting at most timeoutSeconds. Silence and garbage are reports with
     * their cause; only the host being unreachable throws.
     */
    // NOTE: like ping, no thread waits longer than twice the timeout here.
    GuestReport report(Host host, String name, int timeoutSeconds) {
        return ask(host, name, timeoutSeconds, "ask the guest agent of", GuestReport::silent, domain -> {
            String users = domain.qemuAgentCommand(USERS, timeoutSeconds, 0);
            String interfaces = domain.qemuAgentCommand(INTERFACES, timeoutSeconds, 0);
            try {
                return GuestAgentReplies.report(users, interfaces);
            } catch (IllegalArgumentException e) {
                return GuestReport.silent("the guest agent gave an unusable answer: " + e.getMessage());
            }
        });
    }

    /** One exchange with the domain's agent; what libvirt's errors mean for it, in one place. */
    private interface Exchange<T> {
        T with(Domain domain) throws LibvirtException;
    }

    /**
     * Runs the exchange on the named domain: a missing domain, an agent that is
     * not there or does not answer in time give {@code silent} with the cause;
     * any other libvirt failure is the broker's error for the host.
     */
    private <T> T ask(Host host, String name, int timeoutSeconds, String action, Function<String, T> silent,
            Exchange<T> exchange) {
        checkTimeout(timeoutSeconds);
        HostConnection hc = HostConnection.open(connections, host);
        Optional<Domain> found = hc.findDomain(name);
        if (found.isEmpty()) {
            return silent.apply("domain " + name + " does not exist");
        }
        try {
            return exchange.with(found.get());
        } catch (LibvirtException e) {
            if (isAgentSilence(e)) {
                return silent.apply(LibvirtErrors.message(e));
            }
            if (LibvirtErrors.isNoSuch(e)) {
                return silent.apply("domain " + name + " does not exist");
            }
            throw hc.failure(action, name, e);
        }
    }

    private static void checkTimeout(int timeoutSeconds) {
        if (timeoutSeconds < 1 || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
            throw new IllegalArgumentException("agent timeout must be 1 to " + MAX_TIMEOUT_SECONDS + " s");
        }
    }

    /**
     * libvirt's errors that mean "the guest has no agent answering (yet)": not
     * connected or no answer in time, out of sync, the domain not running, or
     * the domain without an agent channel at all (defined before it had one).
     */
    static boolean isAgentSilence(LibvirtException e) {
        Error err = e.getError();
        if (err == null || err.getCode() == null) {
            return false;
        }
        return switch (err.getCode()) {
            case VIR_ERR_AGENT_UNRESPONSIVE, VIR_ERR_AGENT_UNSYNCED, VIR_ERR_OPERATION_INVALID,
                    VIR_ERR_OPERATION_TIMEOUT, VIR_ERR_ARGUMENT_UNSUPPORTED -> true;
            default -> false;
        };
    }
}
