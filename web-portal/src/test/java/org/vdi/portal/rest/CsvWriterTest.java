package org.vdi.portal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class CsvWriterTest {

    @Test
    void everyCellIsQuotedAndQuotesAreDoubled() {
        assertEquals("\"plain\"", CsvWriter.cell("plain"));
        assertEquals("\"say \"\"hi\"\"\"", CsvWriter.cell("say \"hi\""));
        assertEquals("\"a,b\nc\"", CsvWriter.cell("a,b\nc"));
        assertEquals("\"\"", CsvWriter.cell(""));
    }

    @Test
    void cellsAFormulaCouldStartWithGetAnApostrophe() {
        assertEquals("\"'=HYPERLINK(\"\"http://x\"\")\"", CsvWriter.cell("=HYPERLINK(\"http://x\")"));
        assertEquals("\"'+1\"", CsvWriter.cell("+1"));
        assertEquals("\"'-2+3\"", CsvWriter.cell("-2+3"));
        assertEquals("\"'@SUM(A1)\"", CsvWriter.cell("@SUM(A1)"));
        assertEquals("\"'\t=1\"", CsvWriter.cell("\t=1"));
        assertEquals("\"'\r=1\"", CsvWriter.cell("\r=1"));
        // only the first character counts
        assertEquals("\"a=1\"", CsvWriter.cell("a=1"));
        assertEquals("\"2026-01-31T08:00:00Z\"", CsvWriter.cell("2026-01-31T08:00:00Z"));
    }

    @Test
    void rowsEndWithCrLfAndNullIsEmpty() {
        StringWriter out = new StringWriter();
        new CsvWriter(out).row(List.of("id", "actor")).row(Arrays.asList(7L, null));
        assertEquals("\"id\",\"actor\"\r\n\"7\",\"\"\r\n", out.toString());
    }
}
