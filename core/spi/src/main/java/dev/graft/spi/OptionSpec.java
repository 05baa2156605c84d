package dev.graft.spi;

import java.util.List;
import java.util.Objects;

/**
 * One declared option of a plugin: name, type, default, allowed range or choices, and a one-line
 * description. The spec machinery validates values against it; {@code graft plugins} prints it.
 *
 * @param name         key in the spec (lower-case, words joined by '_')
 * @param type         value type
 * @param defaultValue default (Integer, Double, Boolean, String or List of Double matching {@code type}, or
 *                     one of {@code choices} for an integer option that accepts words); never null
 * @param min          lower bound for numbers (each item of a list), or null
 * @param max          upper bound for numbers (each item of a list), or null
 * @param choices      allowed values for strings (empty means any); for an {@code INT} option, words
 *                     accepted in place of a number (e.g. {@code top}), so its value is an Integer or one
 *                     of these Strings
 * @param description  one line shown to users
 * @param minExclusive true when {@code min} itself is not allowed (value &gt; min)
 * @param maxExclusive true when {@code max} itself is not allowed (value &lt; max)
 */
public record OptionSpec(String name, OptionType type, Object defaultValue, Double min, Double max,
                         List<String> choices, String description, boolean minExclusive, boolean maxExclusive) {

    public OptionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue of " + name);
        Objects.requireNonNull(description, "description of " + name);
        choices = List.copyOf(choices == null ? List.of() : choices);
        if (defaultValue instanceof List<?> list) {
            defaultValue = List.copyOf(list);
        }
    }

    /** With inclusive bounds. */
    public OptionSpec(String name, OptionType type, Object defaultValue, Double min, Double max,
                      List<String> choices, String description) {
        this(name, type, defaultValue, min, max, choices, description, false, false);
    }

    public static OptionSpec integer(String name, int defaultValue, Integer min, Integer max, String description) {
        return new OptionSpec(name, OptionType.INT, defaultValue,
                min == null ? null : min.doubleValue(), max == null ? null : max.doubleValue(), List.of(), description);
    }

    /**
     * An integer option that also accepts the given words in place of a number, e.g. a layer index or
     * {@code top}. Its value is an Integer in range or one of {@code words} (a String).
     */
    public static OptionSpec integerOrWord(String name, Object defaultValue, Integer min, Integer max,
                                           List<String> words, String description) {
        if (words == null || words.isEmpty()) {
            throw new IllegalArgumentException("option " + name + ": integerOrWord needs at least one word");
        }
        if (!(defaultValue instanceof Integer) && !words.contains(defaultValue)) {
            throw new IllegalArgumentException("option " + name + ": default " + defaultValue
                    + " is neither an integer nor one of " + words);
        }
        return new OptionSpec(name, OptionType.INT, defaultValue,
                min == null ? null : min.doubleValue(), max == null ? null : max.doubleValue(), words, description);
    }

    /** True for an integer option that also accepts words ({@link #integerOrWord}). */
    public boolean acceptsWords() {
        return type == OptionType.INT && !choices.isEmpty();
    }

    public static OptionSpec number(String name, double defaultValue, Double min, Double max, String description) {
        return new OptionSpec(name, OptionType.DOUBLE, defaultValue, min, max, List.of(), description);
    }

    /** A number strictly above {@code min} (e.g. a regularisation strength, {@code > 0}). */
    public static OptionSpec numberAbove(String name, double defaultValue, double min, String description) {
        return new OptionSpec(name, OptionType.DOUBLE, defaultValue, min, null, List.of(), description, true, false);
    }

    /** A number strictly between {@code min} and {@code max} (e.g. a fraction in (0, 1)). */
    public static OptionSpec numberStrictlyBetween(String name, double defaultValue, double min, double max,
                                                   String description) {
        return new OptionSpec(name, OptionType.DOUBLE, defaultValue, min, max, List.of(), description, true, true);
    }

    /** A list of numbers, each strictly above {@code min} when {@code min} is given. */
    public static OptionSpec numbersAbove(String name, List<Double> defaultValue, Double min, String description) {
        return new OptionSpec(name, OptionType.DOUBLE_LIST, defaultValue, min, null, List.of(), description, min != null,
                false);
    }

    public static OptionSpec bool(String name, boolean defaultValue, String description) {
        return new OptionSpec(name, OptionType.BOOLEAN, defaultValue, null, null, List.of(), description);
    }

    public static OptionSpec string(String name, String defaultValue, String description) {
        return new OptionSpec(name, OptionType.STRING, defaultValue, null, null, List.of(), description);
    }

    /** A file path option (see {@link OptionType#PATH}); the default is usually "" (none). */
    public static OptionSpec path(String name, String defaultValue, String description) {
        return new OptionSpec(name, OptionType.PATH, defaultValue, null, null, List.of(), description);
    }

    public static OptionSpec choice(String name, String defaultValue, List<String> choices, String description) {
        return new OptionSpec(name, OptionType.STRING, defaultValue, null, null, choices, description);
    }

    /** The allowed range or choices in words, e.g. "2 ≤ value ≤ 64", or "" when unconstrained. */
    public String constraintText() {
        if (acceptsWords()) {
            String range = rangeText();
            return (range.isEmpty() ? "an integer" : range) + ", or " + String.join(", ", choices);
        }
        if (!choices.isEmpty()) {
            return "one of " + String.join(", ", choices);
        }
        return rangeText();
    }

    private String rangeText() {
        String lo = min == null ? null : format(min);
        String hi = max == null ? null : format(max);
        String loOp = minExclusive ? " < " : " ≤ ";
        String hiOp = maxExclusive ? " < " : " ≤ ";
        String value = type == OptionType.DOUBLE_LIST ? "each value" : "value";
        if (lo != null && hi != null) {
            return lo + loOp + value + hiOp + hi;
        } else if (lo != null) {
            return value + (minExclusive ? " > " : " ≥ ") + lo;
        } else if (hi != null) {
            return value + hiOp + hi;
        }
        return "";
    }

    /** Whether the number {@code v} is within this option's bounds. */
    public boolean accepts(double v) {
        return Double.isFinite(v)
                && (min == null || (minExclusive ? v > min : v >= min))
                && (max == null || (maxExclusive ? v < max : v <= max));
    }

    private String format(double v) {
        return type == OptionType.INT || v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
