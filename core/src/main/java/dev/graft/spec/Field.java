package dev.graft.spec;

import java.util.Objects;

/**
 * One declared setting of a section: its key, type, default and a one-line description.
 *
 * @param name         the key in the spec, lower-case words joined by '_'
 * @param type         what values are allowed
 * @param defaultValue used when the key is absent: Integer/Long/Double/Boolean/String, a plugin
 *                     name for a plugin type, a List for a list type; null for a sub-section
 *                     (its own fields' defaults apply)
 * @param description  one line for docs and {@code graft validate}
 * @param optional     absent unless written: no default, and the resolved section then has no such key
 *                     (e.g. a condition's {@code graft}, which only grafted conditions have)
 */
public record Field(String name, ValueType type, Object defaultValue, String description, boolean optional) {

    public Field {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type of " + name);
        Objects.requireNonNull(description, "description of " + name);
        if (defaultValue == null && !optional && !(type instanceof SectionSchema)) {
            throw new IllegalArgumentException("field " + name + " needs a default");
        }
        if (optional && defaultValue != null) {
            throw new IllegalArgumentException("optional field " + name + " cannot have a default");
        }
    }

    /** A field that always has a value (given or its default). */
    public Field(String name, ValueType type, Object defaultValue, String description) {
        this(name, type, defaultValue, description, false);
    }
}
