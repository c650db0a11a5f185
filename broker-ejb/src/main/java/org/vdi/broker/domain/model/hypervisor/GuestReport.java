package org.vdi.broker.domain.model.hypervisor;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a desktop's guest agent said about the guest: who is logged in
 * ({@code guest-get-users}) and the guest's addresses
 * ({@code guest-network-get-interfaces}), or why it said nothing usable. A
 * silent or garbled agent is an answer, not a failure: the broker keeps what
 * it knew and records the cause.
 *
 * @param answered true when both questions got a well-formed answer
 * @param users the logged-in user names, each once, sorted; empty when nobody is
 * @param firstLogon the earliest login time among them as the guest reports it; null when nobody is logged in
 * @param addresses the guest's addresses without loopback and link-local ones, sorted
 * @param detail why it did not answer; empty when it did
 */
public record GuestReport(boolean answered, List<String> users, Instant firstLogon, List<String> addresses,
        String detail) {

    public GuestReport {
        users = List.copyOf(users);
        addresses = List.copyOf(addresses);
        Objects.requireNonNull(detail, "detail");
    }

    public static GuestReport answer(List<String> users, Instant firstLogon, List<String> addresses) {
        return new GuestReport(true, users, users.isEmpty() ? null : firstLogon, addresses, "");
    }

    public static GuestReport silent(String why) {
        return new GuestReport(false, List.of(), null, List.of(), why);
    }
}
