package nl.sed.samen.defence;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import nl.sed.samen.security.ClientKeys;
import nl.sed.samen.tenancy.Tenant;

/**
 * The gate every anonymous write passes before it does anything: the client's allowance for this kind of write (a 429
 * when it is used up) and, where the tenant asks for it, a solved proof-of-work (a 403 without one). The client is
 * known only by its keyed, daily-changing hash, which the write may keep (flags, repeat guards).
 */
@ApplicationScoped
public class AnonymousWrites {

    private final ClientKeys clientKeys;
    private final RateLimits rateLimits;
    private final ProofOfWork proofOfWork;

    public AnonymousWrites(ClientKeys clientKeys, RateLimits rateLimits, ProofOfWork proofOfWork) {
        this.clientKeys = clientKeys;
        this.rateLimits = rateLimits;
        this.proofOfWork = proofOfWork;
    }

    /** Admits a write that takes no proof-of-work; returns the client's key. */
    public String admit(String tenant, Limit limit, HttpServerRequest http) {
        String client = clientKeys.of(http);
        rateLimits.take(tenant, limit, client);
        return client;
    }

    /** Admits a write that the tenant may protect with proof-of-work ({@code solution}: the Altcha header). */
    public String admit(Tenant tenant, Limit limit, HttpServerRequest http, String solution) {
        String client = admit(tenant.slug(), limit, http);
        proofOfWork.require(tenant, solution);
        return client;
    }
}
