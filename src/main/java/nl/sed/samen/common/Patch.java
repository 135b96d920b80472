package nl.sed.samen.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The one PATCH mechanism: a field that was not sent (null) stays as it is, and a field sent with the value it already
 * has is no change either. An entity collects the fields that really change, checks whether it may change at all only
 * when some do, and then applies them; an unchanged request changes nothing (no new {@code updatedAt}, so the same
 * ETag, and no audit event).
 */
public final class Patch {

    private final List<Runnable> changes = new ArrayList<>();

    /** Notes {@code sent} as a change of {@code current} if it was sent and differs. */
    public <T> Patch field(T current, T sent, Consumer<T> apply) {
        if (sent != null && !Objects.equals(current, sent)) {
            changes.add(() -> apply.accept(sent));
        }
        return this;
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** Applies the changes noted; returns whether there were any. */
    public boolean apply() {
        changes.forEach(Runnable::run);
        return !changes.isEmpty();
    }
}
