package org.vdi.broker.infrastructure.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * The report queries, kept as SQL files under {@code reports/} so that
 * bench/reports.sh times exactly what the broker runs. A line ending in
 * {@code -- pool} is the filter on one pool: kept (without the marker) when a
 * pool is asked for, dropped otherwise. Other comments are removed, so the
 * JPA provider sees only the statement and its named parameters.
 */
final class ReportSql {

    static final String POOL_MARKER = "-- pool";

    private ReportSql() {
    }

    static String load(String name, boolean onePool) {
        return text(read(name), onePool);
    }

    static String text(String sql, boolean onePool) {
        return sql.lines()
                .filter(l -> onePool || !l.stripTrailing().endsWith(POOL_MARKER))
                .map(ReportSql::withoutComment)
                .filter(l -> !l.isBlank())
                .collect(Collectors.joining("\n"));
    }

    // NOTE: the report files put no "--" inside string literals, so a plain cut is safe.
    private static String withoutComment(String line) {
        int at = line.indexOf("--");
        return at < 0 ? line : line.substring(0, at).stripTrailing();
    }

    private static String read(String name) {
        String path = "/reports/" + name;
        try (InputStream in = ReportSql.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
