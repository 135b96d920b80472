package nl.sed.samen.common;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Text as people write it: no NUL or other control characters (line breaks and tabs allowed in long texts; refused in
 * one-line fields such as titles, names and labels), and, when present, not only white space. Everything Samen stores
 * is plain text; markup is kept as typed and escaped by whoever renders it.
 */
@Documented
@Constraint(validatedBy = PlainText.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE,
        ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface PlainText {

    String message() default "must be plain text: not blank and without control characters";

    /** One line (titles, names, labels): line breaks and tabs are refused too. */
    boolean oneLine() default false;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Text made safe for places that take one line whatever was stored. */
    final class Lines {

        private Lines() {
        }

        /**
         * One line of text whatever was stored (a mail subject, a CSV section name): control characters and runs of
         * white space become one space, and the result is cut at {@code max} characters.
         */
        public static String oneLine(String value, int max) {
            if (value == null) {
                return "";
            }
            String line = value.replaceAll("[\\p{Cntrl}\\s\\u2028\\u2029]+", " ").strip();
            return line.length() <= max ? line : line.substring(0, max - 1).strip() + "\u2026";
        }
    }

    class Validator implements ConstraintValidator<PlainText, String> {

        private boolean oneLine;

        @Override
        public void initialize(PlainText annotation) {
            oneLine = annotation.oneLine();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            boolean visible = false;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                boolean lineBreak = c == '\n' || c == '\r' || c == '\t' || c == '\u2028' || c == '\u2029';
                if (oneLine && lineBreak) {
                    context.disableDefaultConstraintViolation();
                    context.buildConstraintViolationWithTemplate("must be one line: no line breaks, tabs or other "
                            + "control characters").addConstraintViolation();
                    return false;
                }
                if (Character.isISOControl(c) && !lineBreak) {
                    return false;
                }
                if (!Character.isWhitespace(c)) {
                    visible = true;
                }
            }
            return visible;
        }
    }
}
