package nl.sed.samen.feedback;

import java.util.List;
import java.util.Locale;

/**
 * The charts of the PDF documents, drawn as SVG from figures the report already holds. Readable in greyscale and in
 * print: a series is told apart by fill (solid or hatched, with an outline), never by colour alone, and every bar
 * carries its number. Each chart comes with its alt text; the document puts the same figures in a table beside it.
 */
public final class Charts {

    static final int WIDTH = 600;
    private static final String INK = "#1a1a1a";
    private static final String FONT = "font-family=\"Liberation Sans\" font-size=\"12\"";

    private Charts() {
    }

    /** An SVG drawing and what it shows, in words, for readers who cannot see it. */
    public record Chart(String svg, String alt) {
    }

    /** One bar: a label and a number; {@code shown} is the number as printed beside it (e.g. "12" or "40%"). */
    public record Bar(String label, double value, String shown) {
    }

    /** One step of a timeline with two series (reactions, votes). */
    public record Step(String label, long first, long second) {
    }

    /** Horizontal bars, one per item, longest scale at the largest value. */
    static Chart bars(List<Bar> bars, String alt) {
        int rowHeight = 26;
        int labelWidth = 220;
        int barArea = WIDTH - labelWidth - 70;
        int height = Math.max(1, bars.size()) * rowHeight + 10;
        double max = bars.stream().mapToDouble(Bar::value).max().orElse(0);
        StringBuilder svg = open(height);
        int y = 5;
        for (Bar bar : bars) {
            int length = max <= 0 ? 0 : (int) Math.round(bar.value() / max * barArea);
            svg.append(text(labelWidth - 8, y + 17, "end", fit(bar.label(), 34)));
            svg.append("<rect x=\"").append(labelWidth).append("\" y=\"").append(y + 4).append("\" width=\"")
                    .append(Math.max(length, 1)).append("\" height=\"").append(rowHeight - 8)
                    .append("\" fill=\"#555555\" stroke=\"").append(INK).append("\"/>");
            svg.append(text(labelWidth + length + 6, y + 17, "start", bar.shown()));
            y += rowHeight;
        }
        return finish(svg, alt);
    }

    /**
     * Vertical bars over time for two series side by side: the first solid, the second hatched, with a legend and a
     * scale. At most a few labels along the axis, so they never overlap.
     */
    static Chart timeline(List<Step> steps, String firstName, String secondName, String alt) {
        int left = 50;
        int top = 34;
        int plotHeight = 180;
        int height = top + plotHeight + 40;
        long max = Math.max(1, steps.stream().mapToLong(s -> Math.max(s.first(), s.second())).max().orElse(1));
        StringBuilder svg = open(height);
        svg.append(hatchPattern());
        // legend
        svg.append(swatch(left, 6, false)).append(text(left + 22, 18, "start", firstName));
        svg.append(swatch(left + 150, 6, true)).append(text(left + 172, 18, "start", secondName));
        int plotWidth = WIDTH - left - 10;
        double slot = steps.isEmpty() ? plotWidth : (double) plotWidth / steps.size();
        double bar = Math.max(1, slot * 0.4);
        // scale: 0, half and the maximum
        for (long tick : new long[] {0, max / 2, max}) {
            double ty = top + plotHeight - (double) tick / max * plotHeight;
            svg.append("<line x1=\"").append(left).append("\" x2=\"").append(WIDTH - 10).append("\" y1=\"")
                    .append(num(ty)).append("\" y2=\"").append(num(ty)).append("\" stroke=\"#999999\" stroke-width=\"0.5\"/>");
            svg.append(text(left - 6, (int) ty + 4, "end", Dutch.number(tick)));
        }
        int every = Math.max(1, (int) Math.ceil(steps.size() / 8.0));
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            double x = left + i * slot + slot * 0.1;
            double h1 = (double) step.first() / max * plotHeight;
            double h2 = (double) step.second() / max * plotHeight;
            svg.append(rect(x, top + plotHeight - h1, bar, h1, false));
            svg.append(rect(x + bar, top + plotHeight - h2, bar, h2, true));
            if (i % every == 0 || i == steps.size() - 1 && steps.size() <= 8) {
                svg.append(text((int) (left + i * slot + slot / 2), top + plotHeight + 16, "middle", step.label()));
            }
        }
        svg.append("<line x1=\"").append(left).append("\" x2=\"").append(WIDTH - 10).append("\" y1=\"")
                .append(top + plotHeight).append("\" y2=\"").append(top + plotHeight).append("\" stroke=\"")
                .append(INK).append("\"/>");
        return finish(svg, alt);
    }

    /**
     * The participation ladder as a staircase, lowest rung left; the consultation's rung solid, the others outlined,
     * every rung named under its step.
     */
    static Chart ladder(List<String> rungs, int current, String alt) {
        int stepWidth = (WIDTH - 20) / rungs.size();
        int height = 150;
        StringBuilder svg = open(height);
        for (int i = 0; i < rungs.size(); i++) {
            int h = 24 + i * 20;
            int x = 10 + i * stepWidth;
            boolean here = i == current;
            svg.append("<rect x=\"").append(x).append("\" y=\"").append(120 - h).append("\" width=\"")
                    .append(stepWidth - 6).append("\" height=\"").append(h).append("\" fill=\"")
                    .append(here ? INK : "#ffffff").append("\" stroke=\"").append(INK).append("\" stroke-width=\"")
                    .append(here ? 2 : 1).append("\"/>");
            svg.append(text(x + (stepWidth - 6) / 2, 138, "middle", (here ? "▶ " : "") + rungs.get(i)));
        }
        return finish(svg, alt);
    }

    /** One bar split in two parts of a whole (e.g. under 25 and 25 or older), each with its share printed. */
    static Chart split(String firstName, long first, String secondName, long second, String alt) {
        int height = 70;
        int width = WIDTH - 20;
        long total = Math.max(1, first + second);
        double w1 = (double) first / total * width;
        StringBuilder svg = open(height);
        svg.append(hatchPattern());
        svg.append(rect(10, 6, w1, 28, false));
        svg.append(rect(10 + w1, 6, width - w1, 28, true));
        svg.append(swatch(10, 44, false)).append(text(32, 56, "start", firstName + ": " + percent(first, total)));
        svg.append(swatch(300, 44, true)).append(text(322, 56, "start", secondName + ": " + percent(second, total)));
        return finish(svg, alt);
    }

    static String percent(long part, long whole) {
        return whole <= 0 ? "–" : String.format(Locale.ROOT, "%d%%", Math.round(part * 100.0 / whole));
    }

    private static StringBuilder open(int height) {
        return new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(height).append("\">");
    }

    /** The drawing, with its alt text on the root element, which the PDF's Figure tag takes as its alternate text. */
    private static Chart finish(StringBuilder svg, String alt) {
        String text = escape(alt);
        svg.insert("<svg ".length(), "alt=\"" + text + "\" role=\"img\" aria-label=\"" + text + "\" ");
        return new Chart(svg.append("</svg>").toString(), alt);
    }

    private static String hatchPattern() {
        return "<defs><pattern id=\"hatch\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\">"
                + "<rect width=\"6\" height=\"6\" fill=\"#ffffff\"/>"
                + "<path d=\"M0,6 L6,0\" stroke=\"" + INK + "\" stroke-width=\"1.2\"/></pattern></defs>";
    }

    private static String rect(double x, double y, double w, double h, boolean hatched) {
        if (h <= 0 || w <= 0) {
            return "";
        }
        return "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(w) + "\" height=\"" + num(h)
                + "\" fill=\"" + (hatched ? "url(#hatch)" : INK) + "\" stroke=\"" + INK + "\" stroke-width=\"0.8\"/>";
    }

    private static String swatch(int x, int y, boolean hatched) {
        return rect(x, y, 16, 14, hatched);
    }

    private static String text(int x, int y, String anchor, String content) {
        return "<text x=\"" + x + "\" y=\"" + y + "\" text-anchor=\"" + anchor + "\" " + FONT + " fill=\"" + INK
                + "\">" + escape(content) + "</text>";
    }

    /** A label cut to fit beside its bar; the table beside the chart has it in full. */
    static String fit(String label, int max) {
        String clean = label == null ? "" : label.replaceAll("\\s+", " ").strip();
        return clean.length() <= max ? clean : clean.substring(0, max - 1) + "…";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\t') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
