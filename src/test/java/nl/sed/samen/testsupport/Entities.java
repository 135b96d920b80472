package nl.sed.samen.testsupport;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;

/**
 * Entities in a given state for unit tests of the rules, without a database: made through their protected constructor,
 * with private fields set by name. Only for states the lifecycle would reach anyway; the state machines' own tests
 * drive their entities through their methods.
 */
public final class Entities {

    private Entities() {
    }

    public static <T> T make(Class<T> type, Object... fieldsAndValues) {
        try {
            Constructor<T> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            T entity = constructor.newInstance();
            for (int i = 0; i < fieldsAndValues.length; i += 2) {
                set(entity, (String) fieldsAndValues[i], fieldsAndValues[i + 1]);
            }
            return entity;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    public static <T> T set(T entity, String name, Object value) {
        try {
            Field field = entity.getClass().getDeclaredField(name);
            field.setAccessible(true);
            field.set(entity, value);
            return entity;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
