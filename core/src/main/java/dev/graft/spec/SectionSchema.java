package dev.graft.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A mapping of declared fields plus cross-field checks; also the type of a sub-section. Built with
 * {@link #builder}, one line per field:
 * <pre>{@code
 * SectionSchema.builder("training", "How the models are trained")
 *     .field("lr", ValueType.numberAbove(0), 2.3e-4, "AdamW peak learning rate")
 *     .section(BATCH)
 *     .check(SpecSchema::batchFitsData)
 *     .build();
 * }</pre>
 */
public final class SectionSchema implements ValueType {
    private final String name;
    private final String description;
    private final Map<String, Field> fields;
    private final List<CrossCheck> checks;
    private final Map<String, String> reserved;

    private SectionSchema(String name, String description, Map<String, Field> fields, List<CrossCheck> checks,
                          Map<String, String> reserved) {
        this.name = name;
        this.description = description;
        this.fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        this.checks = List.copyOf(checks);
        this.reserved = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(reserved));
    }

    public static Builder builder(String name, String description) {
        return new Builder(name, description);
    }

    /** The key of this section in its parent ("" for the whole spec). */
    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** Declared fields in declaration order, which is also the order of the resolved YAML. */
    public List<Field> fields() {
        return List.copyOf(fields.values());
    }

    public Field field(String key) {
        return fields.get(key);
    }

    List<CrossCheck> checks() {
        return checks;
    }

    /**
     * The section as it resolves when nothing of it is written: every field at its declared default
     * (sub-sections likewise; optional fields absent).
     */
    public Section defaults() {
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        for (Field f : fields()) {
            if (f.type() instanceof SectionSchema sub) {
                if (!f.optional()) {
                    values.put(f.name(), sub.defaults());
                }
            } else if (!f.optional()) {
                values.put(f.name(), f.defaultValue());
            }
        }
        return new Section(values);
    }

    /** Keys allowed here but handled before validation (e.g. {@code extends}), with descriptions. */
    public Map<String, String> reserved() {
        return reserved;
    }

    /** Every key a user may write here: reserved keys, then fields. */
    public List<String> allowedKeys() {
        List<String> keys = new ArrayList<>(reserved.keySet());
        keys.addAll(fields.keySet());
        return keys;
    }

    @Override
    public String describe() {
        return fields.isEmpty() ? "an empty mapping" : "a mapping with keys " + String.join(", ", fields.keySet());
    }

    /**
     * Every field under this section, depth first, with dotted paths below {@code prefix}: the
     * reference that docs and {@code graft validate} print.
     */
    public List<FieldDoc> reference(String prefix) {
        List<FieldDoc> out = new ArrayList<>();
        reserved.forEach((key, text) -> out.add(new FieldDoc(SafeYamlReader.child(prefix, key), "a file path", "", text)));
        for (Field f : fields.values()) {
            String path = SafeYamlReader.child(prefix, f.name());
            if (f.type() instanceof SectionSchema sub) {
                out.add(new FieldDoc(path, f.optional() ? "section, optional" : "section", "", f.description()));
                out.addAll(sub.reference(path));
            } else {
                String defaultText = f.optional() ? "(absent)" : CanonicalForm.yamlScalar(f.defaultValue());
                out.add(new FieldDoc(path, f.type().describe(), defaultText, f.description()));
                entryReference(f.type(), path, out);
                ValueType item = f.type() instanceof ListType l ? l.element() : f.type();
                if (item instanceof PluginType p && p.settings() != null) {
                    // settings written beside a plugin's options: "probes.<n>.every"
                    out.addAll(p.settings().reference(f.type() instanceof ListType ? path + ".<n>" : path));
                }
            }
        }
        return out;
    }

    /** The fields of each entry of a map or list of sections, under {@code path.<name>} or {@code path.<n>}. */
    private static void entryReference(ValueType type, String path, List<FieldDoc> out) {
        if (type instanceof ValueType.MapType m && m.entry() instanceof SectionSchema entry) {
            out.addAll(entry.reference(path + ".<name>"));
        } else if (type instanceof ValueType.ListType l && l.element() instanceof SectionSchema element) {
            out.addAll(element.reference(path + ".<n>"));
        }
    }

    @Override
    public String toString() {
        return "SectionSchema[" + name + "]";
    }

    /** Declares fields one line each. */
    public static final class Builder {
        private final String name;
        private final String description;
        private final Map<String, Field> fields = new LinkedHashMap<>();
        private final List<CrossCheck> checks = new ArrayList<>();
        private final Map<String, String> reserved = new LinkedHashMap<>();

        private Builder(String name, String description) {
            this.name = name;
            this.description = description;
        }

        /** Adds a setting with its type, default and one-line description. */
        public Builder field(String key, ValueType type, Object defaultValue, String description) {
            return add(new Field(key, type, defaultValue, description));
        }

        /** Adds a sub-section under its own name; absent in a spec means all its defaults. */
        public Builder section(SectionSchema section) {
            return add(new Field(section.name(), section, null, section.description()));
        }

        /** Adds a setting that has no default: absent unless written (the resolved section then lacks it). */
        public Builder optional(String key, ValueType type, String description) {
            return add(new Field(key, type, null, description, true));
        }

        /** Adds a sub-section that exists only when written (then its own fields' defaults apply). */
        public Builder optionalSection(SectionSchema section) {
            return add(new Field(section.name(), section, null, section.description(), true));
        }

        /** Adds a rule across this section's settings, run once they are individually valid. */
        public Builder check(CrossCheck check) {
            checks.add(check);
            return this;
        }

        /** Allows a key that is handled before validation (e.g. {@code extends}) and documents it. */
        public Builder reserved(String key, String description) {
            reserved.put(key, description);
            return this;
        }

        public Builder add(Field field) {
            if (fields.putIfAbsent(field.name(), field) != null) {
                throw new IllegalArgumentException("field " + field.name() + " declared twice in " + name);
            }
            return this;
        }

        public SectionSchema build() {
            return new SectionSchema(name, description, fields, checks, reserved);
        }
    }
}
