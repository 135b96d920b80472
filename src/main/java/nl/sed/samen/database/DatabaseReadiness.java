package nl.sed.samen.database;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import nl.sed.samen.common.Problem;
import nl.sed.samen.common.ProblemType;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * What the rest of the service sees of {@link DatabaseStartup}: readiness is DOWN until the schema is migrated and
 * validated, the API answers 503 with Retry-After meanwhile (the contract is served regardless), and scheduled jobs
 * that need the database skip their turn ({@code skipExecutionIf = DatabaseReadiness.NotReady.class}).
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    static final String RETRY_AFTER_SECONDS = "5";

    private final DatabaseStartup startup;

    DatabaseReadiness(DatabaseStartup startup) {
        this.startup = startup;
    }

    @Override
    public HealthCheckResponse call() {
        DatabaseStartup.State state = startup.state();
        var response = HealthCheckResponse.named("Database schema").status(state == DatabaseStartup.State.READY)
                .withData("state", state.description);
        if (!startup.lastProblem().isEmpty()) {
            response.withData("last", startup.lastProblem());
        }
        return response.build();
    }

    void register(@Observes Filters filters) {
        String body = "{\"type\":\"" + ProblemType.UNAVAILABLE.uri() + "\",\"title\":\"" + ProblemType.UNAVAILABLE.title()
                + "\",\"status\":503,\"detail\":\"The service is starting and its database is not ready yet; try "
                + "again shortly.\"}";
        filters.register(context -> {
            String path = context.request().path();
            if (startup.isReady() || path == null || !path.startsWith("/api/") || path.startsWith("/api/v1/openapi")) {
                context.next();
                return;
            }
            context.response().setStatusCode(503)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .putHeader("Retry-After", RETRY_AFTER_SECONDS)
                    .end(body);
        }, 200);
    }

    /** For {@code @Scheduled(skipExecutionIf = ...)}: a job that needs the database waits for it to be ready. */
    @Singleton
    public static class NotReady implements Scheduled.SkipPredicate {

        private final DatabaseStartup startup;

        NotReady(DatabaseStartup startup) {
            this.startup = startup;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return !startup.isReady();
        }
    }
}
