package dev.graft.spec;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A spec value as written, before validation: a mapping, a list or a scalar, each remembering
 * where it came from. Immutable; {@link RawMap#with} and friends return modified copies.
 */
sealed interface RawNode permits RawNode.RawMap, RawNode.RawList, RawNode.RawScalar {

    Origin origin();

    /** How the value reads in an error message: {@code "abc"}, {@code -1}, {@code a list}. */
    String describe();

    /** A copy of this node (and everything under it) attributed to {@code origin}. */
    RawNode relocated(Origin origin);

    /** A key and its value inside a mapping; the key has its own position for unknown-key errors. */
    record Entry(Origin keyOrigin, RawNode value) {
    }

    /** A mapping, keys in the order written. */
    record RawMap(Map<String, Entry> entries, Origin origin) implements RawNode {
        public RawMap {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        static RawMap empty(Origin origin) {
            return new RawMap(Map.of(), origin);
        }

        RawNode get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }

        RawMap with(String key, Entry entry) {
            Map<String, Entry> copy = new LinkedHashMap<>(entries);
            copy.put(key, entry);
            return new RawMap(copy, origin);
        }

        RawMap without(String key) {
            Map<String, Entry> copy = new LinkedHashMap<>(entries);
            copy.remove(key);
            return new RawMap(copy, origin);
        }

        @Override
        public String describe() {
            return "a mapping";
        }

        @Override
        public RawNode relocated(Origin to) {
            Map<String, Entry> copy = new LinkedHashMap<>();
            entries.forEach((k, e) -> copy.put(k, new Entry(to, e.value().relocated(to))));
            return new RawMap(copy, to);
        }
    }

    /** A list. */
    record RawList(List<RawNode> items, Origin origin) implements RawNode {
        public RawList {
            items = List.copyOf(items);
        }

        RawList with(int index, RawNode item) {
            List<RawNode> copy = new ArrayList<>(items);
            if (index == copy.size()) {
                copy.add(item);
            } else {
                copy.set(index, item);
            }
            return new RawList(copy, origin);
        }

        @Override
        public String describe() {
            return "a list";
        }

        @Override
        public RawNode relocated(Origin to) {
            return new RawList(items.stream().map(i -> i.relocated(to)).toList(), to);
        }
    }

    /**
     * A scalar: {@code value} is a Long, BigInteger, Double, Boolean, String, or null for an empty
     * value; {@code text} is how it was written; {@code plain} is true when it was written without
     * quotes (so a string was expected but YAML read a number or boolean).
     */
    record RawScalar(Object value, String text, boolean plain, Origin origin) implements RawNode {
        public RawScalar {
            if (value != null && !(value instanceof Long || value instanceof BigInteger
                    || value instanceof Double || value instanceof Boolean || value instanceof String)) {
                throw new IllegalArgumentException("unsupported scalar " + value.getClass());
            }
        }

        /** A scalar holding a default or generated Java value (Integer widened to Long). */
        static RawScalar of(Object value, Origin origin) {
            Object v = value instanceof Integer i ? Long.valueOf(i) : value;
            return new RawScalar(v, String.valueOf(value), false, origin);
        }

        @Override
        public String describe() {
            if (value == null) {
                return "nothing (an empty value)";
            }
            if (value instanceof String s) {
                return "\"" + s + "\"";
            }
            return text;
        }

        @Override
        public RawNode relocated(Origin to) {
            return new RawScalar(value, text, plain, to);
        }
    }

    /** Turns a default (Integer, Long, Double, Boolean, String, List or Map of those) into raw form. */
    static RawNode fromJava(Object value, Origin origin) {
        if (value instanceof List<?> list) {
            return new RawList(list.stream().map(v -> fromJava(v, origin)).toList(), origin);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Entry> entries = new LinkedHashMap<>();
            map.forEach((k, v) -> entries.put(String.valueOf(k), new Entry(origin, fromJava(v, origin))));
            return new RawMap(entries, origin);
        }
        return RawScalar.of(value, origin);
    }
}
