package org.vdi.broker.domain.model.pool;

/**
 * When a started desktop of the pool counts as ready to hand out. A desktop
 * stays STARTING until then, so nobody is given a console that shows the
 * firmware and the boot loader.
 */
public enum Readiness {
    /**
     * Its qemu-guest-agent answers a ping: the guest has booted far enough to
     * run its services. The pool's images must carry the agent.
     */
    AGENT,
    /** As soon as the domain runs: for images without a guest agent. */
    BOOT
}
