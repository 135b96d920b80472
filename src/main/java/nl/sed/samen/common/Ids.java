package nl.sed.samen.common;

import java.util.UUID;

/**
 * Parses identifiers from paths, so that a malformed id is a 400 rather than the 404 JAX-RS gives by default.
 */
public final class Ids {

    private Ids() {
    }

    public static UUID parse(String name, String value) {
        if (value != null && value.length() == 36) {
            try {
                return UUID.fromString(value);
            } catch (IllegalArgumentException e) {
                // fall through to the problem below
            }
        }
        throw ProblemException.invalidField(name, "must be a UUID");
    }
}
