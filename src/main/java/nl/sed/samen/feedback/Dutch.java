package nl.sed.samen.feedback;

import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import nl.sed.samen.consultation.Consultation;

/** How the documents say things in Dutch: names of rungs, statuses and groups, dates, numbers and durations. */
final class Dutch {

    static final Locale LOCALE = Locale.forLanguageTag("nl-NL");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", LOCALE);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", LOCALE)
            .withZone(Consultation.ZONE);
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("d MMM", LOCALE);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMM yyyy", LOCALE);

    static final Map<String, String> LEVELS = Map.of("inform", "informeren", "consult", "raadplegen",
            "advise", "adviseren", "coproduce", "coproduceren", "codecide", "meebeslissen");
    static final Map<String, String> REACTION_STATUSES = Map.of("pending", "wacht op moderatie",
            "published", "gepubliceerd", "rejected", "afgewezen", "hidden", "verborgen na publicatie",
            "withdrawn", "ingetrokken door de inwoner");
    static final Map<String, String> CONSULTATION_STATUSES = Map.of("draft", "concept", "open", "open",
            "closed", "gesloten", "reported", "gesloten en teruggekoppeld");
    static final Map<String, String> POLL_STATUSES = Map.of("draft", "concept", "open", "open", "closed", "gesloten");
    static final Map<String, String> AGE_BANDS = Map.of("under-16", "jonger dan 16", "16-17", "16 en 17 jaar",
            "18-24", "18 tot en met 24 jaar", "25-44", "25 tot en met 44 jaar", "45-64", "45 tot en met 64 jaar",
            "65-plus", "65 jaar en ouder", "unknown", "niet opgegeven");

    private Dutch() {
    }

    static String name(Map<String, String> names, String value) {
        return value == null ? "niet opgegeven" : names.getOrDefault(value, value);
    }

    static String date(LocalDate date) {
        return date == null ? "niet vastgelegd" : DATE.format(date);
    }

    static String date(Instant instant) {
        return instant == null ? "niet vastgelegd" : DATE.format(instant.atZone(Consultation.ZONE));
    }

    static String dateTime(Instant instant) {
        return instant == null ? "niet vastgelegd" : DATE_TIME.format(instant);
    }

    static String shortDate(LocalDate date) {
        return SHORT.format(date);
    }

    static String month(LocalDate date) {
        return MONTH.format(date);
    }

    static String number(long n) {
        return NumberFormat.getIntegerInstance(LOCALE).format(n);
    }

    static String share(Double share) {
        return share == null ? "niet getoond" : Math.round(share * 100) + "%";
    }

    /** Minutes as a reader thinks of them: minutes, hours and minutes, or days. */
    static String duration(Double minutes) {
        if (minutes == null) {
            return "niet van toepassing (geen beslissingen)";
        }
        long m = Math.round(minutes);
        if (m < 60) {
            return m + (m == 1 ? " minuut" : " minuten");
        }
        if (m < 48 * 60) {
            long h = m / 60;
            long rest = m % 60;
            return h + " uur" + (rest == 0 ? "" : " en " + rest + (rest == 1 ? " minuut" : " minuten"));
        }
        long d = Math.round(m / 1440.0);
        return d + " dagen";
    }

    static String days(long n) {
        return n == 1 ? "1 dag" : number(n) + " dagen";
    }

    /** Text as given, with characters XML cannot hold (controls other than tab and line breaks) left out. */
    static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().filter(c -> c == '\n' || c == '\t' || c >= 0x20 && c != 0x7f && (c < 0x80 || c > 0x9f)
                && c != 0xfffe && c != 0xffff && (c < 0xd800 || c > 0xdfff)).forEach(out::appendCodePoint);
        return out.toString();
    }
}
