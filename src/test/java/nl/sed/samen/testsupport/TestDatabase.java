package nl.sed.samen.testsupport;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * Registers the real PostgreSQL and the real SMTP server for every {@code @QuarkusTest} in the suite (one database,
 * one mail server, one application start).
 */
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(MailServer.class)
public final class TestDatabase {

    private TestDatabase() {
    }
}
