package nl.sed.samen.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start without the settings that verify officials' tokens. Without a public key every request would fail
 * with a 500; without an issuer, tokens of any issuer signed with that key would be accepted.
 */
@ApplicationScoped
public class TokenSettingsCheck {

    @ConfigProperty(name = "mp.jwt.verify.publickey.location")
    Optional<String> keyLocation;

    @ConfigProperty(name = "mp.jwt.verify.publickey")
    Optional<String> key;

    @ConfigProperty(name = "mp.jwt.verify.issuer")
    Optional<String> issuer;

    void check(@Observes StartupEvent event) {
        if (keyLocation.isEmpty() && key.isEmpty()) {
            throw new IllegalStateException("Set MP_JWT_VERIFY_PUBLICKEY_LOCATION to the identity provider's public key "
                    + "(PEM file or JWKS URL) so officials' tokens can be verified.");
        }
        if (issuer.isEmpty()) {
            throw new IllegalStateException("Set MP_JWT_VERIFY_ISSUER to the issuer of officials' tokens.");
        }
    }
}
