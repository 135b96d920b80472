package nl.sed.samen.operations;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an operator relies on: health probes, metrics, and the headers every response carries. */
@QuarkusTest
class OperationsTest {

    @Test
    void livenessAndReadinessIncludingTheDatabase() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"))
                .header("API-Version", "1.0.0");
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database")));
    }

    @Test
    void prometheusMetricsAreExposed() {
        given().when().get("/api/v1/tenants").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("http_server_requests_seconds_count"))
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void securityHeadersOnEveryResponse() {
        given().when().get("/api/v1/tenants/nowhere").then().statusCode(404)
                .header("X-Content-Type-Options", "nosniff")
                .header("API-Version", "1.0.0")
                .header("Cache-Control", "no-store")
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"));
        given().header("X-Forwarded-Proto", "https").when().get("/api/v1/tenants").then()
                .header("Strict-Transport-Security", containsString("max-age="));
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Scheduler scheduler;

    /**
     * With the scheduler paused while the test holds the whole pool: a scheduled job (the notification sender, the
     * retention job, the origins refresh) would otherwise wait for a connection, fail, and log an error meanwhile.
     */
    @Test
    void noFreeDatabaseConnectionIsA503ThatSaysWhenToRetry() throws Exception {
        List<Connection> held = new ArrayList<>();
        scheduler.pause();
        try {
            for (int i = 0; i < 20; i++) { // quarkus.datasource.jdbc.max-size: the whole pool
                held.add(dataSource.getConnection());
            }
            given().when().get("/api/v1/tenants").then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", "5")
                    .body("status", equalTo(503));
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
            scheduler.resume();
        }
        given().when().get("/api/v1/tenants").then().statusCode(200);
    }
}
