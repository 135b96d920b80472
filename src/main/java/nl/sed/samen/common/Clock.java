package nl.sed.samen.common;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The service's notion of now, truncated to the microseconds PostgreSQL stores, so a value read back equals the value
 * written (which keeps ETags and cursors stable).
 */
@ApplicationScoped
public class Clock {

    public Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
