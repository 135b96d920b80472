package nl.sed.samen.testsupport;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers the real PostgreSQL for every {@code @QuarkusTest} in the suite (one database, one application start). */
@QuarkusTestResource(PostgresResource.class)
public final class TestDatabase {

    private TestDatabase() {
    }
}
