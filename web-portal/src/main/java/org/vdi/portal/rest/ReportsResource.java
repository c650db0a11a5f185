package org.vdi.portal.rest;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

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

import org.vdi.broker.application.ReportService;
import org.vdi.broker.domain.model.report.ReportRange;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.portal.rest.ReportDtos.CsvRow;
import org.vdi.portal.rest.ReportDtos.HostUsageDto;
import org.vdi.portal.rest.ReportDtos.PoolHourDto;
import org.vdi.portal.rest.ReportDtos.UserUsageDto;

/**
 * Usage reports (admin), each as JSON, as CSV with {@code Accept: text/csv},
 * and as CSV under a {@code .csv} path for a plain download link:
 * {@code GET /reports/pools/hourly} (per pool and hour), {@code GET /reports/users}
 * (per user), {@code GET /reports/hosts} (per host, now). Query: {@code from} and
 * {@code to} (ISO dates or instants, see {@link ReportRange}), {@code pool} (a pool id).
 */
@Path("/reports")
@RequestScoped
@RolesAllowed("vdi-admin")
public class ReportsResource {

    private static final DateTimeFormatter FILE_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    @EJB
    ReportService reports;

    /** The query parameters of the ranged reports. */
    public static class Filter {
        @QueryParam("from")
        String from;
        @QueryParam("to")
        String to;
        @QueryParam("pool")
        String pool;

        ReportRange range() {
            return ReportRange.parse(from, to, Instant.now());
        }

        Optional<UUID> pool() {
            if (pool == null || pool.isBlank()) {
                return Optional.empty();
            }
            try {
                return Optional.of(UUID.fromString(pool.strip()));
            } catch (IllegalArgumentException e) {
                throw BrokerException.invalid("pool", "pool must be a pool id (a UUID)");
            }
        }
    }

    // NOTE: qs makes JSON the answer when the client accepts anything (curl's */*); CSV only when asked for.
    @GET
    @Path("pools/hourly")
    @Produces(MediaType.APPLICATION_JSON + ";qs=1")
    public List<PoolHourDto> poolHours(@BeanParam Filter filter) {
        return reports.poolHours(filter.range(), filter.pool()).stream().map(PoolHourDto::of).toList();
    }

    @GET
    @Path("pools/hourly")
    @Produces(AuditResource.CSV + ";qs=0.5")
    public Response poolHoursCsv(@BeanParam Filter filter) {
        return csv("pool-hours", ReportDtos.POOL_HOUR_HEADER, poolHours(filter));
    }

    // NOTE: no @Produces on the .csv paths: a download link may send any Accept; the answer is CSV regardless.
    @GET
    @Path("pools/hourly.csv")
    public Response poolHoursCsvFile(@BeanParam Filter filter) {
        return poolHoursCsv(filter);
    }

    @GET
    @Path("users")
    @Produces(MediaType.APPLICATION_JSON + ";qs=1")
    public List<UserUsageDto> users(@BeanParam Filter filter) {
        return reports.users(filter.range(), filter.pool()).stream().map(UserUsageDto::of).toList();
    }

    @GET
    @Path("users")
    @Produces(AuditResource.CSV + ";qs=0.5")
    public Response usersCsv(@BeanParam Filter filter) {
        return csv("users", ReportDtos.USER_HEADER, users(filter));
    }

    @GET
    @Path("users.csv")
    public Response usersCsvFile(@BeanParam Filter filter) {
        return usersCsv(filter);
    }

    @GET
    @Path("hosts")
    @Produces(MediaType.APPLICATION_JSON + ";qs=1")
    public List<HostUsageDto> hosts() {
        return reports.hosts().stream().map(HostUsageDto::of).toList();
    }

    @GET
    @Path("hosts")
    @Produces(AuditResource.CSV + ";qs=0.5")
    public Response hostsCsv() {
        return csv("hosts", ReportDtos.HOST_HEADER, hosts());
    }

    @GET
    @Path("hosts.csv")
    public Response hostsCsvFile() {
        return hostsCsv();
    }

    private static Response csv(String name, List<String> header, List<? extends CsvRow> rows) {
        StreamingOutput body = stream -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
            CsvWriter csv = new CsvWriter(w).row(header);
            for (CsvRow r : rows) {
                csv.row(r.csvRow());
            }
            w.flush();
        };
        String file = "report-" + name + "-" + FILE_STAMP.format(Instant.now()) + ".csv";
        return Response.ok(body, AuditResource.CSV + "; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + file + "\"")
                .build();
    }
}
