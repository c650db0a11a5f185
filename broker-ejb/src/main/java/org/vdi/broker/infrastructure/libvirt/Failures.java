package org.vdi.broker.infrastructure.libvirt;

import org.libvirt.Error;
import org.libvirt.LibvirtException;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.ErrorCode;

/**
 * Turns a {@link LibvirtException} into the broker's exception where it
 * happens, naming the host and the object that failed, so an operator reading
 * the audit trail knows where to look without a stack trace.
 */
final class Failures {

    private Failures() {
    }

    /**
     * The broker exception for a failed libvirt call.
     *
     * @param hostName the broker's name of the host
     * @param action   what was attempted, e.g. "start domain"
     * @param object   the domain, volume or pool name that failed
     */
    static BrokerException of(String hostName, String action, String object, LibvirtException e) {
        return new BrokerException(codeFor(e),
                "host " + hostName + ": cannot " + action + " " + object + ": " + LibvirtErrors.message(e), e);
    }

    /** A failure that libvirt did not report as an exception (e.g. a missing port). */
    static BrokerException of(String hostName, String action, String object, String reason) {
        return new BrokerException(ErrorCode.HYPERVISOR_ERROR,
                "host " + hostName + ": cannot " + action + " " + object + ": " + reason);
    }

    static ErrorCode codeFor(LibvirtException e) {
        if (LibvirtErrors.isNoSuch(e)) {
            return ErrorCode.NOT_FOUND;
        }
        return lostConnection(e) ? ErrorCode.HOST_UNAVAILABLE : ErrorCode.HYPERVISOR_ERROR;
    }

    /** True when the error says the connection to libvirtd is gone rather than the call being refused. */
    static boolean lostConnection(LibvirtException e) {
        Error err = e.getError();
        if (err == null) {
            return false;
        }
        if (err.getDomain() == Error.ErrorDomain.VIR_FROM_RPC) {
            return true;
        }
        return err.getCode() == Error.ErrorNumber.VIR_ERR_NO_CONNECT
                || err.getCode() == Error.ErrorNumber.VIR_ERR_INVALID_CONN
                || err.getCode() == Error.ErrorNumber.VIR_ERR_RPC;
    }

    /** True when libvirt refused because the domain is not in the state the call needs (e.g. not running). */
    static boolean isInvalidState(LibvirtException e) {
        Error err = e.getError();
        return err != null && err.getCode() == Error.ErrorNumber.VIR_ERR_OPERATION_INVALID;
    }
}
