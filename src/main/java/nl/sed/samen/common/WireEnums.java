package nl.sed.samen.common;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The JSON spelling of enum constants ({@code after-vote}, not {@code AFTER_VOTE}), for messages that list them.
 */
public final class WireEnums {

    private WireEnums() {
    }

    public static String value(Enum<?> constant) {
        try {
            JsonProperty property = constant.getDeclaringClass().getField(constant.name())
                    .getAnnotation(JsonProperty.class);
            return property == null ? constant.name() : property.value();
        } catch (NoSuchFieldException e) {
            return constant.name();
        }
    }

    public static String allowed(Class<?> type) {
        return Arrays.stream(type.getEnumConstants()).map(c -> value((Enum<?>) c)).collect(Collectors.joining(", "));
    }
}
