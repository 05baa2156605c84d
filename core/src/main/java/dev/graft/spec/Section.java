package dev.graft.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The validated values of one section, in schema order: every declared field present, typed as
 * its {@link ValueType} resolves (Integer, Long, Double, Boolean, String, {@link PluginRef},
 * immutable List, or a nested Section). Fields added to a schema are readable here at once, before
 * any typed record grows an accessor for them.
 */
public record Section(Map<String, Object> values) {

    public Section {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Object get(String key) {
        Object v = values.get(key);
        if (v == null) {
            throw new NoSuchElementException("no setting '" + key + "'; present: " + values.keySet());
        }
        return v;
    }

    /** True when the section holds {@code key} (an optional setting is absent unless written). */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** A mapping of names to entries (e.g. {@code experiment.conditions}), in the order written. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String key) {
        return (Map<String, Object>) get(key);
    }

    public int integer(String key) {
        return ((Number) get(key)).intValue();
    }

    public long longInteger(String key) {
        return ((Number) get(key)).longValue();
    }

    public double number(String key) {
        return ((Number) get(key)).doubleValue();
    }

    public boolean bool(String key) {
        return (Boolean) get(key);
    }

    public String string(String key) {
        return (String) get(key);
    }

    public PluginRef plugin(String key) {
        return (PluginRef) get(key);
    }

    @SuppressWarnings("unchecked")
    public List<PluginRef> plugins(String key) {
        return (List<PluginRef>) get(key);
    }

    public Section section(String key) {
        return (Section) get(key);
    }

    /**
     * The value at a dotted path below this section ({@code training.batch.small},
     * {@code auxiliary.0}); the section itself for "".
     */
    public Object at(String dottedPath) {
        if (dottedPath.isEmpty()) {
            return this;
        }
        Object current = this;
        for (String part : dottedPath.split("\\.", -1)) {
            if (current instanceof Section s && s.values.containsKey(part)) {
                current = s.values.get(part);
            } else if (current instanceof Map<?, ?> m && m.containsKey(part)) {
                current = m.get(part);
            } else if (current instanceof PluginRef p && p.toMap().containsKey(part)) {
                current = p.toMap().get(part);
            } else if (current instanceof List<?> list && part.matches("\\d{1,9}") && Integer.parseInt(part) < list.size()) {
                current = list.get(Integer.parseInt(part));
            } else {
                throw new IllegalArgumentException("no setting '" + dottedPath + "' (stopped at '" + part + "')");
            }
        }
        return current;
    }

    /** Plain Java form (maps, lists, scalars; plugins as {name, options...} maps) for YAML and hashing. */
    public Map<String, Object> toPlainMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, plain(v)));
        return out;
    }

    static Object plain(Object v) {
        if (v instanceof Section s) {
            return s.toPlainMap();
        }
        if (v instanceof PluginRef p) {
            return p.toMap();
        }
        if (v instanceof List<?> list) {
            // A fresh list each time: empty lists would otherwise be one shared object, which YAML dumps as an alias.
            return new java.util.ArrayList<>(list.stream().map(Section::plain).toList());
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, x) -> out.put(String.valueOf(k), plain(x)));
            return out;
        }
        return v;
    }
}
