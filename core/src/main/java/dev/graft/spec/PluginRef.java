package dev.graft.spec;

import dev.graft.spi.Options;
import dev.graft.spi.PluginKind;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A resolved reference to a plugin: its kind, name, and every option it declares (given or
 * defaulted, validated). Create the plugin with {@code catalog.find(kind, name).create(options, catalog.context())}.
 *
 * @param settings the field's own settings written beside the options (e.g. a probe's {@code every}),
 *                 every one present; empty for fields without such settings
 */
public record PluginRef(PluginKind kind, String name, Options options, Options settings) {

    public PluginRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(settings, "settings");
    }

    /** A reference without settings. */
    public PluginRef(PluginKind kind, String name, Options options) {
        this(kind, name, options, Options.empty());
    }

    /** The mapping form written in the resolved YAML: {@code {name: x, option: value, ..., setting: value, ...}}. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.putAll(options.asMap());
        out.putAll(settings.asMap());
        return out;
    }

    @Override
    public String toString() {
        String s = options.asMap().isEmpty() ? name : name + options;
        return settings.asMap().isEmpty() ? s : s + settings;
    }
}
