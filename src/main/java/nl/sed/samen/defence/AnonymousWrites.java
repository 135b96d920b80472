package nl.sed.samen.defence;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.security.ClientKeys;
import nl.sed.samen.tenancy.Tenant;
import nl.sed.samen.tenancy.TenantOrigins;
import nl.sed.samen.tenancy.TenantRepository;

/**
 * The gate every anonymous write passes before it does anything: the tenant must exist (an unknown one is a 404 and
 * nothing is stored, not even an allowance); the network's allowance for this kind of write is taken (free, or with a
 * proof-of-work of the level its excess asks, or a 429); and where the tenant or the write asks for it, a solved
 * proof-of-work (a 403 of type proof-of-work-required without one). The network is known only by its keyed,
 * daily-changing hash, which the write may keep (flags, repeat guards).
 */
@ApplicationScoped
public class AnonymousWrites {

    private final ClientKeys clientKeys;
    private final RateLimits rateLimits;
    private final ProofOfWork proofOfWork;
    private final BallotAllowance ballots;
    private final TenantOrigins knownTenants;
    private final TenantRepository tenants;

    public AnonymousWrites(ClientKeys clientKeys, RateLimits rateLimits, ProofOfWork proofOfWork,
            BallotAllowance ballots, TenantOrigins knownTenants, TenantRepository tenants) {
        this.clientKeys = clientKeys;
        this.rateLimits = rateLimits;
        this.proofOfWork = proofOfWork;
        this.ballots = ballots;
        this.knownTenants = knownTenants;
        this.tenants = tenants;
    }

    /**
     * Admits a write of a tenant that may require proof-of-work of everyone ({@code solution}: the Altcha header);
     * returns the network's key.
     */
    public String admit(Tenant tenant, Limit limit, HttpServerRequest http, String solution) {
        String client = clientKeys.of(http);
        int level = rateLimits.take(tenant.slug(), limit, client);
        requireProof(tenant.slug(), limit, client, Math.max(level, tenant.proofOfWorkRequired() ? 1 : 0), solution);
        return client;
    }

    /**
     * Admits a write that always brings a solved proof-of-work (at least the lowest level), whatever the tenant's
     * setting: one that makes Samen send a mail (a panel sign-up). Returns the network's key.
     */
    public String admitWithProof(Tenant tenant, Limit limit, HttpServerRequest http, String solution) {
        String client = clientKeys.of(http);
        int level = rateLimits.take(tenant.slug(), limit, client);
        requireProof(tenant.slug(), limit, client, Math.max(level, 1), solution);
        return client;
    }

    /**
     * Admits a flag; {@code proofNeeded} when the reaction has a flag already (then every further one brings a solved
     * proof-of-work). Returns today's and yesterday's key of the network, so it counts once across midnight.
     */
    public ClientKeys.Keys admitFlag(Tenant tenant, HttpServerRequest http, String solution, boolean proofNeeded) {
        ClientKeys.Keys keys = clientKeys.keys(http);
        int level = rateLimits.take(tenant.slug(), Limit.FLAGS, keys.today());
        requireProof(tenant.slug(), Limit.FLAGS, keys.today(), Math.max(level, proofNeeded ? 1 : 0), solution);
        return keys;
    }

    /**
     * Admits a ballot as far as it can before the ballot statement: the tenant exists. Returns the network as the
     * ballot statement checks it ({@link BallotAllowance.Network}): its allowance for votes, of which the statement
     * takes one (with the proof-of-work the request brought, checked and used up here, for past the free part), and
     * its ballots in this poll today, whatever the number of voter tokens.
     */
    public BallotAllowance.Network admitBallot(String tenant, HttpServerRequest http, String solution) {
        requireTenant(tenant);
        ClientKeys.Keys keys = clientKeys.keys(http);
        return ballots.network(keys, rateLimits.draw(tenant, Limit.VOTES, keys.today(),
                () -> proofOfWork.present(solution)));
    }

    /** The proof-of-work of this level, or a 403; a refused request gives back what it took from the allowance. */
    private void requireProof(String tenant, Limit limit, String client, int level, String solution) {
        try {
            proofOfWork.require(tenant, level, solution);
        } catch (ProblemException e) {
            rateLimits.giveBack(tenant, limit, client);
            throw e;
        }
    }

    /** The difficulty level of a challenge for this caller: what its network's next write would need. */
    public int challengeLevel(Tenant tenant, HttpServerRequest http) {
        return rateLimits.nextLevel(tenant.slug(), clientKeys.of(http));
    }

    /** A 404 for an unknown tenant, from the instance's copy of the tenant list (the database only when not in it). */
    private void requireTenant(String tenant) {
        if (!knownTenants.exists(tenant)) {
            tenants.require(tenant);
        }
    }
}
