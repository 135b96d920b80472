package nl.sed.samen.defence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The arithmetic of the per-poll sliding day, without a database (the escalation's: RateLimitStatementsTest). */
class EscalationTest {

    @Test
    void theSlidingDayGivesYesterdayBackGradually() {
        assertEquals(0.0, BallotAllowance.dayElapsed(Instant.parse("2030-01-02T00:00:00Z")));
        assertEquals(0.5, BallotAllowance.dayElapsed(Instant.parse("2030-01-02T12:00:00Z")));
        // 100 yesterday, none today, allowance 100: one ballot back after 1/100 of the day
        long seconds = BallotAllowance.retryAfter(0, 100, 0.0, 100);
        assertTrue(seconds >= 864 && seconds <= 866, "seconds: " + seconds);
        // 100 today: wait until tomorrow, and then the share that must fade first
        long tomorrow = BallotAllowance.retryAfter(100, 0, 0.5, 100);
        assertTrue(tomorrow >= 43_200 + 864 && tomorrow <= 43_200 + 866, "seconds: " + tomorrow);
        assertTrue(BallotAllowance.retryAfter(50, 100, 0.9, 100) >= 1);
    }
}
