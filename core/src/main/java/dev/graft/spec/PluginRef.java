package dev.graft.spec;

import dev.graft.spi.Options;
import dev.graft.spi.PluginKind;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A resolved reference to a plugin: its kind, name, and every option it declares (given or
 * defaulted, validated). Create the plugin with {@code catalog.find(kind, name).create(options)}.
 */
public record PluginRef(PluginKind kind, String name, Options options) {

    public PluginRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(options, "options");
    }

    /** The mapping form written in the resolved YAML: {@code {name: x, option: value, ...}}. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.putAll(options.asMap());
        return out;
    }

    @Override
    public String toString() {
        return options.asMap().isEmpty() ? name : name + options;
    }
}
