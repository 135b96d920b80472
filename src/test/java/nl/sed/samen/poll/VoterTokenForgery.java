package nl.sed.samen.poll;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import nl.sed.samen.testsupport.PostgresResource;

/** Signs voter tokens with the service's real key from the database, to test expiry without waiting a day. */
final class VoterTokenForgery {

    private VoterTokenForgery() {
    }

    static String signed(String tenant, Instant expiresAt) {
        try (Connection connection = DriverManager.getConnection(PostgresResource.jdbcUrl());
             ResultSet key = connection.createStatement()
                     .executeQuery("select value from service_secret where name = 'voter-token-key'")) {
            key.next();
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String payload = b64.encodeToString(("v1." + tenant + "." + UUID.randomUUID() + "."
                    + expiresAt.getEpochSecond()).getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(1), "HmacSHA256"));
            return payload + "." + b64.encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
