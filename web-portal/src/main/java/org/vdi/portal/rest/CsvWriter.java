package org.vdi.portal.rest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes RFC 4180 CSV: every cell quoted, quotes doubled, CRLF line ends. A
 * cell that a spreadsheet would run as a formula (starting with =, +, -, @, or
 * a tab or carriage return before one) gets a leading apostrophe, so an actor
 * or pool description cannot smuggle a formula into an admin's spreadsheet
 * (OWASP "CSV injection").
 */
public final class CsvWriter {

    private final Writer out;

    public CsvWriter(Writer out) {
        this.out = out;
    }

    /** Writes one row; null cells are empty. */
    public CsvWriter row(List<?> cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(cell(cells.get(i) == null ? "" : cells.get(i).toString()));
        }
        line.append("\r\n");
        try {
            out.write(line.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write CSV", e);
        }
        return this;
    }

    /** One cell, quoted and defused. */
    static String cell(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        return '"' + v.replace("\"", "\"\"") + '"';
    }
}
