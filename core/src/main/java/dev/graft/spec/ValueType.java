package dev.graft.spec;

import dev.graft.spi.OptionSpec;
import dev.graft.spi.PluginKind;

import java.util.List;

/**
 * The type of one spec setting, with its allowed range or choices. The same types check spec
 * fields and plugin options ({@link #of(OptionSpec)}), so both give the same messages.
 */
public sealed interface ValueType
        permits ValueType.IntType, ValueType.NumberType, ValueType.BooleanType, ValueType.StringType,
        ValueType.PathType, ValueType.PluginType, ValueType.ListType, ValueType.IntOrWordType, ValueType.MapType,
        ValueType.AnyType, SectionSchema {

    /** What a valid value looks like, for messages and docs, e.g. "an integer ≥ 1". */
    String describe();

    /**
     * Whole numbers in {@code [min, max]}. Resolved to Integer, or to Long when {@code wide}. A YAML
     * number with a fraction or a quoted "8" is an error, never rounded or parsed.
     */
    record IntType(long min, long max, boolean wide) implements ValueType {
        public IntType {
            long lo = wide ? Long.MIN_VALUE : Integer.MIN_VALUE;
            long hi = wide ? Long.MAX_VALUE : Integer.MAX_VALUE;
            if (min < lo || max > hi || min > max) {
                throw new IllegalArgumentException("bad integer range " + min + ".." + max);
            }
        }

        @Override
        public String describe() {
            long lo = wide ? Long.MIN_VALUE : Integer.MIN_VALUE;
            long hi = wide ? Long.MAX_VALUE : Integer.MAX_VALUE;
            return "an integer" + rangeText(min == lo ? null : (double) min, false,
                    max == hi ? null : (double) max, false);
        }

        /** Like {@link #describe()} but always naming both bounds, for values beyond the upper one. */
        String describeLimits() {
            return "an integer from " + min + " to " + max;
        }
    }

    /**
     * An integer of {@code numbers}, or one of {@code words} (e.g. a layer index or {@code top}). Resolved
     * to Integer or to the word as a String.
     */
    record IntOrWordType(IntType numbers, List<String> words) implements ValueType {
        public IntOrWordType {
            words = List.copyOf(words);
        }

        @Override
        public String describe() {
            return numbers.describe() + ", or " + String.join(", ", words);
        }
    }

    /** Finite numbers, optionally bounded; an integer is accepted and widened. Resolved to Double. */
    record NumberType(Double min, boolean minExclusive, Double max, boolean maxExclusive) implements ValueType {
        @Override
        public String describe() {
            return "a number" + rangeText(min, minExclusive, max, maxExclusive);
        }

        boolean accepts(double v) {
            return (min == null || (minExclusive ? v > min : v >= min))
                    && (max == null || (maxExclusive ? v < max : v <= max));
        }
    }

    /** {@code true} or {@code false}. */
    record BooleanType() implements ValueType {
        @Override
        public String describe() {
            return "true or false";
        }
    }

    /** Any string, or one of {@code choices} when that is not empty. A number is not a string. */
    record StringType(List<String> choices) implements ValueType {
        public StringType {
            choices = List.copyOf(choices);
        }

        @Override
        public String describe() {
            return choices.isEmpty() ? "a string" : "one of " + String.join(", ", choices);
        }
    }

    /**
     * A file path, written as a string. A relative path is resolved against the folder of the spec
     * file that wrote it ({@code --set}: the working directory); resolved to the absolute, normalised
     * path as a String. "" stays "" (no file given).
     */
    record PathType() implements ValueType {
        @Override
        public String describe() {
            return "a file path (relative to the spec file)";
        }
    }

    /**
     * A plugin of {@code kind}: its name ({@code domineering}) or a mapping with {@code name} and the
     * plugin's options ({@code {name: domineering, board: 8}}). Resolved to {@link PluginRef}.
     * When {@code settings} is given, the mapping may also hold those settings, which every plugin of
     * this field takes beside its own options (e.g. a probe's {@code every}); they are declared once,
     * here, and resolved into {@link PluginRef#settings()}, not passed to the plugin.
     */
    record PluginType(PluginKind kind, SectionSchema settings) implements ValueType {
        PluginType(PluginKind kind) {
            this(kind, null);
        }

        @Override
        public String describe() {
            return "a " + kindWords(kind) + " name, or a mapping {name: ..., option: value, ...}"
                    + (settings == null || settings.fields().isEmpty() ? ""
                    : " (settings beside the options: " + String.join(", ", settings.allowedKeys()) + ")");
        }
    }

    /** A list whose every item has type {@code element}. Resolved to an immutable List. */
    record ListType(ValueType element) implements ValueType {
        @Override
        public String describe() {
            if (element instanceof PluginType p) {
                return "a list of " + kindWords(p.kind()) + "s";
            }
            if (element instanceof SectionSchema s) {
                return "a list of " + s.name() + "s";
            }
            if (element instanceof IntType) {
                return "a list of integers" + element.describe().substring("an integer".length());
            }
            return "a list of " + element.describe();
        }
    }

    /**
     * A mapping from names the user chooses to entries of type {@code entry} (e.g. the experiment's
     * conditions). Each name must match {@code namePattern}; resolved to an immutable map in the
     * order written.
     *
     * @param keyWords    what one name is called, e.g. "name"
     * @param entryWords  what one entry is called in messages and docs, e.g. "condition"
     * @param namePattern regular expression every name must match
     * @param nameText    the allowed names in words, for messages
     */
    record MapType(ValueType entry, String keyWords, String entryWords, String namePattern, String nameText)
            implements ValueType {
        @Override
        public String describe() {
            return "a mapping of " + keyWords + "s to " + entryWords + "s";
        }

        boolean acceptsName(String name) {
            return name.matches(namePattern);
        }
    }

    /**
     * Any plain value (scalar, list or mapping), checked later by whatever consumes it (e.g. sweep
     * values, validated once substituted into the setting they vary). Resolved to plain Java values.
     */
    record AnyType() implements ValueType {
        @Override
        public String describe() {
            return "any value";
        }
    }

    static IntType integer(long min) {
        return new IntType(min, Integer.MAX_VALUE, false);
    }

    static IntType integer(long min, long max) {
        return new IntType(min, max, false);
    }

    /** A 64-bit integer ≥ {@code min}, e.g. a seed. */
    static IntType wideInteger(long min) {
        return new IntType(min, Long.MAX_VALUE, true);
    }

    static NumberType number() {
        return new NumberType(null, false, null, false);
    }

    static NumberType numberAbove(double min) {
        return new NumberType(min, true, null, false);
    }

    static NumberType numberAtLeast(double min) {
        return new NumberType(min, false, null, false);
    }

    static NumberType numberBetween(double min, double max) {
        return new NumberType(min, false, max, false);
    }

    static BooleanType bool() {
        return new BooleanType();
    }

    static StringType string() {
        return new StringType(List.of());
    }

    static StringType choice(String... choices) {
        return new StringType(List.of(choices));
    }

    static PluginType plugin(PluginKind kind) {
        return new PluginType(kind);
    }

    /** A plugin whose mapping may also hold {@code settings} beside the plugin's options. */
    static PluginType plugin(PluginKind kind, SectionSchema settings) {
        return new PluginType(kind, settings);
    }

    static ListType listOf(ValueType element) {
        return new ListType(element);
    }

    static MapType mapOf(ValueType entry, String keyWords, String entryWords, String namePattern, String nameText) {
        return new MapType(entry, keyWords, entryWords, namePattern, nameText);
    }

    static AnyType any() {
        return new AnyType();
    }

    /** The type a plugin option declares, with its range or choices. */
    static ValueType of(OptionSpec option) {
        if (option.acceptsWords()) {
            return new IntOrWordType(new IntType(
                    option.min() == null ? Integer.MIN_VALUE : (long) Math.ceil(option.min()),
                    option.max() == null ? Integer.MAX_VALUE : (long) Math.floor(option.max()), false),
                    option.choices());
        }
        return switch (option.type()) {
            case INT -> new IntType(
                    option.min() == null ? Integer.MIN_VALUE : (long) Math.ceil(option.min()),
                    option.max() == null ? Integer.MAX_VALUE : (long) Math.floor(option.max()), false);
            case DOUBLE -> new NumberType(option.min(), option.minExclusive(), option.max(), option.maxExclusive());
            case DOUBLE_LIST -> new ListType(
                    new NumberType(option.min(), option.minExclusive(), option.max(), option.maxExclusive()));
            case BOOLEAN -> new BooleanType();
            case STRING -> new StringType(option.choices());
            case PATH -> new PathType();
        };
    }

    /** "game", "auxiliary task", "game generator", … */
    static String kindWords(PluginKind kind) {
        return kind.label().replace('-', ' ');
    }

    private static String rangeText(Double min, boolean minExclusive, Double max, boolean maxExclusive) {
        if (min != null && max != null && !minExclusive && !maxExclusive) {
            return " from " + formatNumber(min) + " to " + formatNumber(max);
        }
        StringBuilder s = new StringBuilder();
        if (min != null) {
            s.append(minExclusive ? " > " : " ≥ ").append(formatNumber(min));
        }
        if (max != null) {
            s.append(min != null ? " and" : "").append(maxExclusive ? " < " : " ≤ ").append(formatNumber(max));
        }
        return s.toString();
    }

    /** A number as a person would write it: 0, 1, 0.5, 2.3E-4. */
    static String formatNumber(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
