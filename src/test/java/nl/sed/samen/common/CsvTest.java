package nl.sed.samen.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Cells a spreadsheet would evaluate are neutralised, whatever CSV the service writes. */
class CsvTest {

    @Test
    void formulaStartsGetALeadingQuote() {
        for (String formula : new String[] {"=1+1", "+31 6 1234", "-2+3", "@SUM(A1)", "\tTab", "\rReturn"}) {
            assertEquals("'" + formula, Csv.cell(formula));
        }
        assertEquals("Woonvisie = wonen", Csv.cell("Woonvisie = wonen"));
        assertEquals("", Csv.cell(""));
        assertEquals(42L, Csv.cell(42L), "numbers stay numbers");
        assertEquals(null, Csv.cell(null));
    }

    @Test
    void aTableQuotesAndNeutralises() {
        String csv = new Csv.Table("section", "value").row("title", "=HYPERLINK(\"http://x\",\"klik\")")
                .row("lines", "een\ntwee").toString();
        assertEquals("section,value\r\ntitle,\"'=HYPERLINK(\"\"http://x\"\",\"\"klik\"\")\"\r\n"
                + "lines,\"een\ntwee\"\r\n", csv);
    }
}
