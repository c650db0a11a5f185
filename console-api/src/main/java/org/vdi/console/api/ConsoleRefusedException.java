package org.vdi.console.api;

import java.util.Objects;

/**
 * A console was refused or must close, for a {@link Refusal}. The message is for
 * people and the logs, never carries a secret, and reaches the user only when
 * the refusal {@linkplain Refusal#passesOn() passes it on}; checked, because
 * every caller of the console contract has to decide what its user sees.
 */
public class ConsoleRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final Refusal refusal;

    public ConsoleRefusedException(Refusal refusal, String message) {
        this(refusal, message, null);
    }

    public ConsoleRefusedException(Refusal refusal, String message, Throwable cause) {
        super(message == null || message.isBlank() ? Objects.requireNonNull(refusal, "refusal").message() : message,
                cause);
        this.refusal = Objects.requireNonNull(refusal, "refusal");
    }

    public Refusal refusal() {
        return refusal;
    }

    /** What the user reads about it. */
    public String forPeople() {
        return refusal.forPeople(getMessage());
    }
}
