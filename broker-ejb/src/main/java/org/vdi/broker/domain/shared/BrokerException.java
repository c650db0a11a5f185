package org.vdi.broker.domain.shared;

import jakarta.ejb.ApplicationException;

/**
 * The one root of every error the broker reports on purpose. The code picks the
 * HTTP status and the stable JSON code; the message is meant for people and
 * never carries a stack trace or a secret. Unchecked so services read plainly,
 * and an application exception so a transaction it leaves is rolled back.
 */
@ApplicationException(rollback = true, inherited = true)
public class BrokerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    /** The input field at fault, as the API spells it (e.g. "minSpare"), or null. */
    private final String field;

    public BrokerException(ErrorCode code, String message) {
        this(code, null, message, null);
    }

    public BrokerException(ErrorCode code, String message, Throwable cause) {
        this(code, null, message, cause);
    }

    private BrokerException(ErrorCode code, String field, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.field = field;
    }

    public ErrorCode code() {
        return code;
    }

    /**
     * The request field the error is about, so a form can show the message beside
     * it; empty when the error is not about one field.
     */
    public java.util.Optional<String> field() {
        return java.util.Optional.ofNullable(field);
    }

    /** An error about one input field (its name as the API spells it). */
    public static BrokerException about(String field, ErrorCode code, String message) {
        return new BrokerException(code, field, message, null);
    }

    /** Invalid input in one field. */
    public static BrokerException invalid(String field, String message) {
        return about(field, ErrorCode.INVALID_INPUT, message);
    }

    public static BrokerException invalid(String message) {
        return new BrokerException(ErrorCode.INVALID_INPUT, message);
    }

    public static BrokerException notFound(String what, Object id) {
        return new BrokerException(ErrorCode.NOT_FOUND, what + " " + id + " does not exist");
    }

    public static BrokerException conflict(String message) {
        return new BrokerException(ErrorCode.CONFLICT, message);
    }
}
