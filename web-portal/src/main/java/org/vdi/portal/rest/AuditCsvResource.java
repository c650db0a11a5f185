package org.vdi.portal.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.vdi.broker.application.AuditService;

/** {@code GET /audit.csv}: the audit trail as a CSV download, for links that cannot set Accept. */
@Path("/audit.csv")
@RequestScoped
@RolesAllowed("vdi-admin")
public class AuditCsvResource {

    @EJB
    AuditService audit;

    // NOTE: no @Produces: a download link or a script may send any Accept; the answer is CSV regardless
    // (set on the response), and a caller without the role gets 403 rather than 406.
    @GET
    public Response csv(@BeanParam AuditResource.Filter filter) {
        return AuditResource.csvResponse(audit.search(filter.query()));
    }
}
