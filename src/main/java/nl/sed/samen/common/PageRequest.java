package nl.sed.samen.common;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * A request for one page of a keyset-paginated list, ordered by (time, id). The cursor is opaque to clients: it encodes
 * the position of the last item of the previous page, so pages stay stable while items are added.
 */
public record PageRequest(int limit, Position after) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    /** The (time, id) of the last item seen; and its rank, for a list ordered by a count first (the flagged queue). */
    public record Position(Instant time, UUID id, long rank) {

        public Position(Instant time, UUID id) {
            this(time, id, 0);
        }
    }

    /** From the query parameters as sent: a limit that is not a number is a 400, not the 404 JAX-RS would give. */
    public static PageRequest of(String limit, String cursor) {
        int size;
        try {
            size = limit == null || limit.isEmpty() ? DEFAULT_LIMIT : Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            size = -1;
        }
        if (size < 1 || size > MAX_LIMIT) {
            throw ProblemException.invalidField("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return new PageRequest(size, cursor == null || cursor.isEmpty() ? null : decode(cursor));
    }

    /** Turns the rows fetched with {@link #fetchSize()} into a slice, with the position to continue after if any. */
    public <E> Slice<E> slice(List<E> rows, Function<E, Position> position) {
        boolean more = rows.size() > limit;
        List<E> shown = more ? List.copyOf(rows.subList(0, limit)) : rows;
        return new Slice<>(shown, limit, more ? position.apply(shown.get(shown.size() - 1)) : null);
    }

    /** One more than the page size, to learn whether a next page exists without counting. */
    public int fetchSize() {
        return limit + 1;
    }

    static String encode(Position position) {
        long micros = position.time().getEpochSecond() * 1_000_000L + position.time().getNano() / 1_000;
        String raw = micros + "_" + position.id() + (position.rank() == 0 ? "" : "_" + position.rank());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static Position decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int split = raw.indexOf('_');
            long micros = Long.parseLong(raw.substring(0, split));
            if (micros < 0 || micros > 32_503_680_000_000_000L) {
                throw new IllegalArgumentException("out of range");
            }
            String[] rest = raw.substring(split + 1).split("_", -1);
            if (rest.length > 2) {
                throw new IllegalArgumentException("too many parts");
            }
            UUID id = UUID.fromString(rest[0]);
            long rank = rest.length == 2 ? Long.parseLong(rest[1]) : 0;
            return new Position(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1_000L), id, rank);
        } catch (RuntimeException e) {
            throw ProblemException.invalidField("cursor", "not a cursor this service handed out");
        }
    }
}
