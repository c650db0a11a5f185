package org.vdi.portal.rest;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.vdi.broker.application.AuditService;
import org.vdi.broker.domain.model.audit.AuditEvent;
import org.vdi.broker.domain.model.audit.AuditQuery;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.portal.rest.AuditDtos.AuditEventDto;

/**
 * The audit trail (admin): {@code GET /audit} as JSON, or as CSV with
 * {@code Accept: text/csv}; {@code GET /audit.csv} is the same CSV for a plain
 * download link. Query: {@code from} and {@code to} (ISO-8601 instants),
 * {@code actor}, {@code type}, {@code object}, {@code limit} (see {@link AuditQuery}).
 */
@Path("/audit")
@RequestScoped
@RolesAllowed("vdi-admin")
public class AuditResource {

    static final String CSV = "text/csv";
    private static final DateTimeFormatter FILE_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    @EJB
    AuditService audit;

    /** The query parameters both forms share. */
    public static class Filter {
        @QueryParam("from")
        String from;
        @QueryParam("to")
        String to;
        @QueryParam("actor")
        String actor;
        @QueryParam("type")
        String type;
        @QueryParam("object")
        String object;
        @QueryParam("limit")
        String limit;

        AuditQuery query() {
            return new AuditQuery(instant("from", from), instant("to", to), actor, type, object, limit());
        }

        private int limit() {
            if (limit == null || limit.isBlank()) {
                return AuditQuery.DEFAULT_LIMIT;
            }
            try {
                return Integer.parseInt(limit.strip());
            } catch (NumberFormatException e) {
                throw BrokerException.invalid("limit", "limit must be a whole number");
            }
        }

        private static Instant instant(String field, String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            try {
                return Instant.parse(value.strip());
            } catch (DateTimeParseException e) {
                throw BrokerException.invalid(field, field + " must be an ISO-8601 instant such as"
                        + " 2026-01-31T08:00:00Z");
            }
        }
    }

    // NOTE: qs makes JSON the answer when the client accepts anything (curl's */*); CSV only when asked for.
    @GET
    @Produces(MediaType.APPLICATION_JSON + ";qs=1")
    public List<AuditEventDto> list(@BeanParam Filter filter) {
        return audit.search(filter.query()).stream().map(AuditEventDto::of).toList();
    }

    @GET
    @Produces(CSV + ";qs=0.5")
    public Response csv(@BeanParam Filter filter) {
        return csvResponse(audit.search(filter.query()));
    }

    static Response csvResponse(List<AuditEvent> events) {
        StreamingOutput body = stream -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
            CsvWriter csv = new CsvWriter(w).row(AuditDtos.CSV_HEADER);
            for (AuditEvent e : events) {
                csv.row(AuditEventDto.of(e).csvRow());
            }
            w.flush();
        };
        String file = "audit-" + FILE_STAMP.format(Instant.now()) + ".csv";
        return Response.ok(body, CSV + "; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + file + "\"")
                .build();
    }
}
