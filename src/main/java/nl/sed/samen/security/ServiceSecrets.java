package nl.sed.samen.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Keys the service needs for itself (voter-token signing, code hashing), generated once and kept in the database so
 * every instance uses the same one. The first instance to need a key creates it; a racing instance reads the winner's.
 */
@ApplicationScoped
public class ServiceSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final EntityManager entityManager;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();
    private final Map<String, Long> missingUntil = new ConcurrentHashMap<>();

    public ServiceSecrets(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * The named secret: {@code samen.secrets.<name>} (base64, at least 32 bytes) when configured, otherwise a 256-bit
     * key generated once in the database. Immutable once created, so caching it per instance is safe.
     */
    public byte[] get(String name) {
        return cache.computeIfAbsent(name, key -> ConfigProvider.getConfig()
                .getOptionalValue("samen.secrets." + key, String.class)
                .map(ServiceSecrets::decode)
                .orElseGet(() -> loadOrCreate(key))).clone();
    }

    /** The named secret if it exists already (configured, or in the database); never creates one. */
    public Optional<byte[]> find(String name) {
        byte[] cached = cache.get(name);
        if (cached != null) {
            return Optional.of(cached.clone());
        }
        Optional<byte[]> configured = ConfigProvider.getConfig().getOptionalValue("samen.secrets." + name, String.class)
                .map(ServiceSecrets::decode);
        if (configured.isPresent()) {
            return configured;
        }
        Long missing = missingUntil.get(name);
        if (missing != null && missing - System.nanoTime() > 0) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        List<byte[]> stored = entityManager.createNativeQuery("select value from service_secret where name = ?1")
                .setParameter(1, name).getResultList();
        if (stored.isEmpty()) {
            // asked on every vote while it is missing (yesterday's client key on a first day): ask again in a minute
            missingUntil.put(name, System.nanoTime() + 60_000_000_000L);
            return Optional.empty();
        }
        cache.put(name, stored.get(0).clone());
        return Optional.of(stored.get(0).clone());
    }

    static byte[] decode(String configured) {
        byte[] key = Base64.getDecoder().decode(configured.trim());
        if (key.length < 32) {
            throw new IllegalStateException("A configured secret must be at least 32 bytes (base64).");
        }
        return key;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    byte[] loadOrCreate(String name) {
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        entityManager.createNativeQuery("insert into service_secret (name, value) values (?1, ?2) on conflict do nothing")
                .setParameter(1, name).setParameter(2, fresh).executeUpdate();
        return (byte[]) entityManager.createNativeQuery("select value from service_secret where name = ?1")
                .setParameter(1, name).getSingleResult();
    }
}
