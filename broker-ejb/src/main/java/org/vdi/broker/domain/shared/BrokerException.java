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

    public BrokerException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public BrokerException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
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
