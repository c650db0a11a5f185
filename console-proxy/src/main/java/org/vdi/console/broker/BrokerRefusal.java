package org.vdi.console.broker;

/**
 * The broker answered, and said no: its HTTP status, its stable error code
 * and its message for people (e.g. "this console ticket was already used").
 * Status 0 means the broker could not be reached or answered nonsense.
 */
public class BrokerRefusal extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    public BrokerRefusal(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code == null ? "" : code;
    }

    public BrokerRefusal(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.code = "unreachable";
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
