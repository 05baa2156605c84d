package dev.graft.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Validated option values for one plugin instance: every declared option is present (given or
 * defaulted) with the declared type. Immutable.
 */
public final class Options {
    private final Map<String, Object> values;

    public Options(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static Options empty() {
        return new Options(Map.of());
    }

    /** Fills every option of {@code specs} from {@code given} or its default; no validation beyond that. */
    public static Options withDefaults(Iterable<OptionSpec> specs, Map<String, Object> given) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (OptionSpec s : specs) {
            out.put(s.name(), given.getOrDefault(s.name(), s.defaultValue()));
        }
        return new Options(out);
    }

    public int getInt(String name) {
        return ((Number) get(name)).intValue();
    }

    public long getLong(String name) {
        return ((Number) get(name)).longValue();
    }

    public double getDouble(String name) {
        return ((Number) get(name)).doubleValue();
    }

    public boolean getBoolean(String name) {
        return (Boolean) get(name);
    }

    /** A {@link OptionType#DOUBLE_LIST} option's values (an empty list when none were given). */
    public java.util.List<Double> getDoubleList(String name) {
        Object v = get(name);
        java.util.List<Double> out = new java.util.ArrayList<>();
        for (Object item : (java.util.List<?>) v) {
            out.add(((Number) item).doubleValue());
        }
        return java.util.List.copyOf(out);
    }

    public String getString(String name) {
        return (String) get(name);
    }

    public Object get(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new NoSuchElementException("no option '" + name + "'; present: " + values.keySet());
        }
        return v;
    }

    public Map<String, Object> asMap() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Options other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
