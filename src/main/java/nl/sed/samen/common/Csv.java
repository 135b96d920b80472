package nl.sed.samen.common;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * CSV as an alternative representation (mail merges, spreadsheets): asked for explicitly with Accept: text/csv. Every
 * CSV the service writes goes through {@link Table}, which neutralises cells a spreadsheet would evaluate as a formula
 * (OWASP CSV injection): text starting with {@code = + - @}, a tab or a carriage return gets a leading {@code '}.
 */
public final class Csv {

    public static final String MEDIA_TYPE = "text/csv";
    private static final MediaType TYPE = MediaType.valueOf(MEDIA_TYPE);
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private Csv() {
    }

    /** Whether the client asked for CSV; an Accept header that cannot be parsed asks for the default, JSON. */
    public static boolean wanted(HttpHeaders headers) {
        try {
            return headers.getAcceptableMediaTypes().stream()
                    .anyMatch(t -> !t.isWildcardType() && t.isCompatible(TYPE));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A cell as written: text a spreadsheet would run as a formula is prefixed with {@code '}; the rest as it is. */
    public static Object cell(Object value) {
        if (value instanceof CharSequence text && !text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return value;
    }

    /** A CSV document with a header row, built row by row; RFC 4180 quoting by Commons CSV. */
    public static final class Table {

        private final StringWriter out = new StringWriter();
        private final CSVPrinter printer;

        public Table(String... header) {
            try {
                printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
                        .setHeader(Arrays.stream(header).map(h -> String.valueOf(cell(h))).toArray(String[]::new))
                        .get());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public Table row(Object... cells) {
            try {
                printer.printRecord(Arrays.stream(cells).map(Csv::cell).toArray());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        @Override
        public String toString() {
            try {
                printer.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toString();
        }
    }
}
