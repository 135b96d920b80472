package nl.sed.samen.common;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** CSV as an alternative representation (mail merges, spreadsheets): asked for explicitly with Accept: text/csv. */
public final class Csv {

    public static final String MEDIA_TYPE = "text/csv";
    private static final MediaType TYPE = MediaType.valueOf(MEDIA_TYPE);

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
}
