package nl.sed.samen.common;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** CSV as an alternative representation (mail merges, spreadsheets): asked for explicitly with Accept: text/csv. */
public final class Csv {

    public static final String MEDIA_TYPE = "text/csv";
    private static final MediaType TYPE = MediaType.valueOf(MEDIA_TYPE);

    private Csv() {
    }

    public static boolean wanted(HttpHeaders headers) {
        return headers.getAcceptableMediaTypes().stream().anyMatch(t -> !t.isWildcardType() && t.isCompatible(TYPE));
    }
}
