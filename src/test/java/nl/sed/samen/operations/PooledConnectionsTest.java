package nl.sed.samen.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import nl.sed.samen.testsupport.Api;
import nl.sed.samen.testsupport.Fixtures;
import nl.sed.samen.testsupport.Polls;
import nl.sed.samen.testsupport.Reactions;
import org.junit.jupiter.api.Test;

/**
 * How many pooled connections one request holds at the same moment, read from the pool's own count of connections in
 * use (Agroal's activeCount), sampled without pause while the request runs. A request that held two at once (a session
 * outside a transaction keeping its connection while a transaction takes another) would run the pool dry under load:
 * twenty such requests hold all twenty connections and each waits for a second (issue #23 asked whether the split
 * reaction did that; it does not). The pool also serves the instance's timers, so a request is measured three times
 * and the fewest counts (of the runs in which the sampler saw the request's connection at all).
 */
@QuarkusTest
@TestProfile(PooledConnectionsTest.Metrics.class)
class PooledConnectionsTest {

    static final String TENANT = "enkhuizen";

    public static class Metrics implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.metrics.enabled", "true", "quarkus.datasource.jdbc.enable-metrics", "true");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    private long connectionsHeldBy(Runnable request) {
        long fewest = Long.MAX_VALUE;
        int seen = 0;
        // a request holds its connection for a fraction of a millisecond: a run in which the sampler saw none says
        // nothing, so runs go on until three saw the request's connection (at most twenty)
        for (int i = 0; i < 20 && seen < 3; i++) {
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong most = new AtomicLong();
            Thread sampler = new Thread(() -> {
                while (running.get()) {
                    most.accumulateAndGet(dataSource.getMetrics().activeCount(), Math::max);
                }
            });
            sampler.start();
            request.run();
            running.set(false);
            try {
                sampler.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (most.get() > 0) {
                seen++;
                fewest = Math.min(fewest, most.get());
            }
        }
        return seen == 0 ? 0 : fewest;
    }

    @Test
    void aReactionAVoteAndReadsEachHoldOneConnectionAtATime() {
        String consultation = Fixtures.openConsultation(TENANT, "post");
        Map<String, Object> poll = Polls.open(TENANT, Map.of("resultsVisibility", "always"));
        int[] n = {0};
        assertEquals(1, connectionsHeldBy(() -> Reactions.submit(TENANT, consultation,
                Map.of("body", "Een langere tekst over de nieuwe speeltuin aan de haven, nummer " + (++n[0])), 201)),
                "a reaction (with the repeat guard: a text of 40 characters or more)");
        assertEquals(1, connectionsHeldBy(() -> Api.anonymous()
                .header("Voter-Token", Polls.voterToken(TENANT))
                .body(Map.of("optionIds", List.of(Polls.optionId(poll, 0))))
                .when().post("/tenants/{t}/polls/{id}/votes", TENANT, poll.get("id")).then().statusCode(201)),
                "a vote");
        assertEquals(1, connectionsHeldBy(() -> Api.anonymous()
                .when().get("/tenants/{t}/consultations/{id}/reactions?limit=20", TENANT, consultation).then()
                .statusCode(200)), "a page of reactions");
        String voter = Polls.voterToken(TENANT);
        assertEquals(1, connectionsHeldBy(() -> Api.anonymous().header("Voter-Token", voter)
                .when().get("/tenants/{t}/polls/{id}", TENANT, poll.get("id")).then().statusCode(200)),
                "a voter's poll read (personal: from the database)");
    }
}
