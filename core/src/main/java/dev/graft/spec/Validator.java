package dev.graft.spec;

import dev.graft.plugin.PluginCatalog;
import dev.graft.spec.RawNode.Entry;
import dev.graft.spec.RawNode.RawList;
import dev.graft.spec.RawNode.RawMap;
import dev.graft.spec.RawNode.RawScalar;
import dev.graft.spec.ValueType.BooleanType;
import dev.graft.spec.ValueType.IntType;
import dev.graft.spec.ValueType.ListType;
import dev.graft.spec.ValueType.MapType;
import dev.graft.spec.ValueType.NumberType;
import dev.graft.spec.ValueType.PathType;
import dev.graft.spec.ValueType.PluginType;
import dev.graft.spec.ValueType.StringType;
import dev.graft.spi.InvalidOptionsException;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;
import dev.graft.spi.PluginFactory;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks raw values against a schema and resolves them into typed values, collecting every
 * problem. Returns null for a value with errors (callers then skip checks that need it). Plugin
 * references are resolved against the catalog, their options checked by the same rules as spec
 * fields, and the plugins created, so that cross-plugin checks can ask them about each other.
 */
final class Validator {
    private final PluginCatalog catalog;
    private final Problems problems;
    private final Map<String, Origin> given = new HashMap<>();
    private final Map<String, Created> instances = new LinkedHashMap<>();

    /** A plugin created while validating, with the reference it was made from. */
    record Created(PluginRef ref, Object plugin) {
    }

    Validator(PluginCatalog catalog, Problems problems) {
        this.catalog = catalog;
        this.problems = problems;
    }

    /** The plugin created for the reference at {@code path}, when it resolved without errors. */
    Optional<Created> instance(String path) {
        return Optional.ofNullable(instances.get(path));
    }

    /** Where the user wrote {@code path}, or the nearest parent they wrote. */
    Origin locate(String path) {
        String p = path;
        while (!given.containsKey(p) && !p.isEmpty()) {
            int dot = p.lastIndexOf('.');
            p = dot < 0 ? "" : p.substring(0, dot);
        }
        Origin o = given.get(p);
        return o != null ? o : Origin.file("spec");
    }

    boolean isGiven(String path) {
        return given.containsKey(path);
    }

    void error(String path, String message) {
        problems.add(locate(path), path, message);
    }

    /** Resolves {@code raw} as {@code type}; null when it has errors (already reported). */
    Object resolve(ValueType type, RawNode raw, String path) {
        if (raw.origin().given()) {
            given.put(path, raw.origin());
        }
        if (type instanceof SectionSchema s) {
            return section(s, raw, path, "in " + (path.isEmpty() ? "the spec" : path), "key");
        } else if (type instanceof IntType t) {
            return integer(t, raw, path);
        } else if (type instanceof NumberType t) {
            return number(t, raw, path);
        } else if (type instanceof BooleanType t) {
            return raw instanceof RawScalar s && s.value() instanceof Boolean b ? b : mismatch(raw, path, t.describe());
        } else if (type instanceof StringType t) {
            return string(t, raw, path);
        } else if (type instanceof PathType t) {
            return filePath(t, raw, path);
        } else if (type instanceof PluginType t) {
            return plugin(t, raw, path);
        } else if (type instanceof ListType t) {
            return list(t, raw, path);
        } else if (type instanceof ValueType.IntOrWordType t) {
            return intOrWord(t, raw, path);
        } else if (type instanceof MapType t) {
            return map(t, raw, path);
        } else if (type instanceof ValueType.AnyType) {
            return plain(raw);
        }
        throw new IllegalStateException("unknown value type " + type);
    }

    /** Reports "expected X, got Y" with a hint where quoting is the likely mistake; returns null. */
    private Object mismatch(RawNode raw, String path, String expected) {
        String hint = "";
        if (raw instanceof RawScalar s) {
            boolean wantsText = expected.startsWith("a string") || expected.startsWith("one of")
                    || expected.contains(" name") || expected.startsWith("a file path");
            if (s.value() instanceof String text && !s.plain() && looksNumeric(text) && !wantsText) {
                hint = " (in quotes it is text; remove the quotes)";
            } else if (s.plain() && s.value() != null && !(s.value() instanceof String) && wantsText) {
                hint = " (YAML reads it as " + (s.value() instanceof Boolean ? "a boolean" : "a number")
                        + "; put it in quotes if you mean the text)";
            }
        }
        problems.add(raw.origin(), path, "expected " + expected + ", got " + raw.describe() + hint + ".");
        return null;
    }

    private static boolean looksNumeric(String text) {
        try {
            Double.parseDouble(text.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private Object integer(IntType t, RawNode raw, String path) {
        if (!(raw instanceof RawScalar s)) {
            return mismatch(raw, path, t.describe());
        }
        if (s.value() instanceof Long l) {
            if (l < t.min() || l > t.max()) {
                return mismatch(raw, path, l > t.max() ? t.describeLimits() : t.describe());
            }
            return t.wide() ? (Object) l : (Object) l.intValue();
        }
        if (s.value() instanceof BigInteger b) {
            return mismatch(raw, path, b.signum() > 0 ? t.describeLimits() : t.describe());
        }
        if (s.value() instanceof Double d && Double.isFinite(d) && d == Math.rint(d)) {
            problems.add(raw.origin(), path, "expected " + t.describe() + ", got " + s.text()
                    + "; write it without a decimal point or exponent: " + ValueType.formatNumber(d) + ".");
            return null;
        }
        return mismatch(raw, path, t.describe());
    }

    /** A word of {@code t} as given, else an integer checked like {@link #integer} but described with the words. */
    private Object intOrWord(ValueType.IntOrWordType t, RawNode raw, String path) {
        if (raw instanceof RawScalar s && s.value() instanceof String text) {
            if (t.words().contains(text)) {
                return text;
            }
            problems.add(raw.origin(), path, "expected " + t.describe() + ", got \"" + text + "\"."
                    + Suggestions.didYouMean(text, t.words()));
            return null;
        }
        if (raw instanceof RawScalar s && s.value() instanceof Long l && l >= t.numbers().min() && l <= t.numbers().max()) {
            return l.intValue();
        }
        if (raw instanceof RawScalar s && s.value() instanceof Double d && Double.isFinite(d) && d == Math.rint(d)) {
            problems.add(raw.origin(), path, "expected " + t.describe() + ", got " + s.text()
                    + "; write it without a decimal point or exponent: " + ValueType.formatNumber(d) + ".");
            return null;
        }
        return mismatch(raw, path, t.describe());
    }

    private Object number(NumberType t, RawNode raw, String path) {
        if (!(raw instanceof RawScalar s) || !(s.value() instanceof Number n)) {
            return mismatch(raw, path, t.describe());
        }
        double v = n.doubleValue();
        if (!Double.isFinite(v)) {
            return mismatch(raw, path, "a finite number" + t.describe().substring("a number".length()));
        }
        return t.accepts(v) ? (Object) v : mismatch(raw, path, t.describe());
    }

    private Object string(StringType t, RawNode raw, String path) {
        if (!(raw instanceof RawScalar s) || !(s.value() instanceof String text)) {
            return mismatch(raw, path, t.describe());
        }
        if (!t.choices().isEmpty() && !t.choices().contains(text)) {
            problems.add(raw.origin(), path, "expected " + t.describe() + ", got \"" + text + "\"."
                    + Suggestions.didYouMean(text, t.choices()));
            return null;
        }
        return text;
    }

    /** A path as text, made absolute against the folder of the file that wrote it. */
    private Object filePath(PathType t, RawNode raw, String path) {
        if (!(raw instanceof RawScalar s) || !(s.value() instanceof String text)) {
            return mismatch(raw, path, t.describe());
        }
        if (text.isEmpty()) {
            return text;
        }
        try {
            Origin o = raw.origin();
            java.nio.file.Path base = o.setArgument() != null || o.file().isEmpty()
                    ? java.nio.file.Path.of("").toAbsolutePath()
                    : java.nio.file.Path.of(o.file()).toAbsolutePath().getParent();
            return base.resolve(text).normalize().toString();
        } catch (java.nio.file.InvalidPathException e) {
            problems.add(raw.origin(), path, "\"" + text + "\" is not a valid file path: " + e.getReason() + ".");
            return null;
        }
    }

    private Object list(ListType t, RawNode raw, String path) {
        if (raw instanceof RawScalar s && s.value() == null) {
            return List.of();
        }
        if (!(raw instanceof RawList list)) {
            if (t.element() instanceof PluginType && raw instanceof RawScalar s && s.value() instanceof String name) {
                problems.add(raw.origin(), path, "expected " + t.describe() + ", got \"" + name
                        + "\"; write a list even for one: [" + name + "].");
                return null;
            }
            return mismatch(raw, path, t.describe());
        }
        List<Object> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < list.items().size(); i++) {
            Object v = resolve(t.element(), list.items().get(i), SafeYamlReader.child(path, Integer.toString(i)));
            ok &= v != null;
            out.add(v);
        }
        return ok ? List.copyOf(out) : null;
    }

    /** A mapping of user-chosen names to entries: each name checked, each entry resolved as the entry type. */
    private Object map(MapType t, RawNode raw, String path) {
        if (raw instanceof RawScalar s && s.value() == null) {
            return Map.of();
        }
        if (!(raw instanceof RawMap m)) {
            return mismatch(raw, path, t.describe());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        boolean ok = true;
        for (Map.Entry<String, Entry> e : m.entries().entrySet()) {
            String name = e.getKey();
            String childPath = SafeYamlReader.child(path, name);
            if (!t.acceptsName(name)) {
                problems.add(e.getValue().keyOrigin(), childPath, "'" + name + "' cannot name a " + t.entryWords()
                        + ": use " + t.nameText() + ".");
                ok = false;
                continue;
            }
            given.put(childPath, e.getValue().keyOrigin());
            Object v = resolve(t.entry(), e.getValue().value(), childPath);
            ok &= v != null;
            out.put(name, v);
        }
        return ok ? java.util.Collections.unmodifiableMap(out) : null;
    }

    /** The plain Java form of a raw value (scalars as read, mappings and lists as immutable collections). */
    static Object plain(RawNode raw) {
        if (raw instanceof RawScalar s) {
            return s.value() instanceof BigInteger b ? b.toString() : s.value();
        }
        if (raw instanceof RawList l) {
            List<Object> out = new ArrayList<>();
            for (RawNode item : l.items()) {
                out.add(plain(item));
            }
            return java.util.Collections.unmodifiableList(out);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        ((RawMap) raw).entries().forEach((k, e) -> out.put(k, plain(e.value())));
        return java.util.Collections.unmodifiableMap(out);
    }

    /**
     * Resolves a mapping against {@code schema}: unknown keys (with a suggestion), every field
     * (absent ones from defaults), then the schema's cross-field checks if all fields were valid.
     */
    Section section(SectionSchema schema, RawNode raw, String path, String owner, String keyWord) {
        RawMap map;
        if (raw instanceof RawMap m) {
            map = m;
        } else if (raw instanceof RawScalar s && s.value() == null) {
            map = RawMap.empty(s.origin());
        } else {
            problems.add(raw.origin(), path, "expected a mapping of " + (path.isEmpty() ? "settings" : path + " settings")
                    + " (keys: " + String.join(", ", schema.allowedKeys()) + "), got " + raw.describe() + ".");
            return null;
        }
        int before = problems.count();
        List<String> allowed = schema.allowedKeys();
        for (Map.Entry<String, Entry> e : map.entries().entrySet()) {
            String key = e.getKey();
            if (schema.field(key) == null && !schema.reserved().containsKey(key)) {
                problems.add(e.getValue().keyOrigin(), SafeYamlReader.child(path, key), "unknown " + keyWord + " '" + key
                        + "' " + owner + "." + Suggestions.didYouMean(key, allowed) + " Allowed " + keyWord + "s: "
                        + (allowed.isEmpty() ? "none" : String.join(", ", allowed)) + ".");
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Field f : schema.fields()) {
            RawNode value = map.get(f.name());
            if (f.optional() && (value == null || value instanceof RawScalar empty && empty.value() == null)) {
                continue; // absent unless written
            }
            if (value == null) {
                Origin fallback = map.origin().asDefault();
                value = f.type() instanceof SectionSchema ? RawMap.empty(fallback) : RawNode.fromJava(f.defaultValue(), fallback);
            }
            values.put(f.name(), resolve(f.type(), value, SafeYamlReader.child(path, f.name())));
        }
        if (problems.count() != before) {
            return null;
        }
        Section section = new Section(values);
        for (CrossCheck check : schema.checks()) {
            check.check(section, new ScopedContext(path));
        }
        return problems.count() == before ? section : null;
    }

    private Object plugin(PluginType t, RawNode raw, String path) {
        String kind = ValueType.kindWords(t.kind());
        String name;
        RawNode nameNode;
        RawMap options;
        if (raw instanceof RawScalar s && s.value() instanceof String text) {
            name = text;
            nameNode = raw;
            options = RawMap.empty(raw.origin());
        } else if (raw instanceof RawMap m) {
            nameNode = m.get("name");
            if (nameNode == null) {
                problems.add(raw.origin(), path, "a " + kind + " given as a mapping needs a 'name' key, e.g. {name: "
                        + firstName(t) + ", ...}. Available " + kind + "s: " + available(t) + ".");
                return null;
            }
            if (!(nameNode instanceof RawScalar ns) || !(ns.value() instanceof String text)) {
                return mismatch(nameNode, SafeYamlReader.child(path, "name"), "a " + kind + " name");
            }
            name = text;
            options = m.without("name");
        } else {
            return mismatch(raw, path, t.describe());
        }
        Optional<PluginFactory<?>> factory = catalog.find(t.kind(), name);
        if (factory.isEmpty()) {
            List<String> names = catalog.names(t.kind());
            String intro = nameNode.origin().given() ? "unknown " + kind + " '" + name + "'."
                    : "the default " + kind + " '" + name + "' is not installed; name one that is.";
            problems.add(nameNode.origin(), path, intro + Suggestions.didYouMean(name, names)
                    + " Available " + kind + "s: " + available(t) + ".");
            return null;
        }
        SectionSchema schema = optionsSchema(factory.get());
        if (t.settings() != null) {
            for (OptionSpec o : factory.get().options()) {
                if (t.settings().field(o.name()) != null || t.settings().reserved().containsKey(o.name())) {
                    problems.add(nameNode.origin(), path, kind + " '" + name + "' declares an option '" + o.name()
                            + "', but '" + o.name() + "' is a setting every " + kind + " here takes; the plugin"
                            + " must rename its option.");
                    return null;
                }
            }
            schema = withSettings(schema, t.settings());
        }
        Section resolved = section(schema, options, path, "for " + kind + " '" + name + "'",
                t.settings() == null ? "option" : "key");
        if (resolved == null) {
            return null;
        }
        Map<String, Object> optionValues = new LinkedHashMap<>();
        Map<String, Object> settingValues = new LinkedHashMap<>();
        for (OptionSpec o : factory.get().options()) {
            optionValues.put(o.name(), resolved.values().get(o.name()));
        }
        if (t.settings() != null) {
            for (Field f : t.settings().fields()) {
                settingValues.put(f.name(), resolved.values().get(f.name()));
            }
        }
        Options opts = new Options(optionValues);
        PluginRef ref = new PluginRef(t.kind(), name, opts, new Options(settingValues));
        try {
            instances.put(path, new Created(ref, factory.get().create(opts, catalog.context())));
        } catch (InvalidOptionsException e) {
            String where = e.option() == null ? path : SafeYamlReader.child(path, e.option());
            Origin origin = isGiven(where) ? given.get(where) : raw.origin();
            problems.add(origin, where, kind + " '" + name + "': " + sentence(e.getMessage()));
            return null;
        }
        return ref;
    }

    private String available(PluginType t) {
        List<String> names = catalog.names(t.kind());
        return names.isEmpty() ? "none are installed" : String.join(", ", names);
    }

    private String firstName(PluginType t) {
        List<String> names = catalog.names(t.kind());
        return names.isEmpty() ? "..." : names.get(0);
    }

    static String sentence(String message) {
        String m = message == null || message.isBlank() ? "its options do not fit together" : message.strip();
        return m.endsWith(".") || m.endsWith("?") || m.endsWith("!") ? m : m + ".";
    }

    /** The options a plugin declares, as a section schema, so they are checked like spec fields. */
    static SectionSchema optionsSchema(PluginFactory<?> factory) {
        SectionSchema.Builder b = SectionSchema.builder(factory.name(), factory.description());
        for (OptionSpec o : factory.options()) {
            b.field(o.name(), ValueType.of(o), o.defaultValue(), o.description());
        }
        return b.build();
    }

    /** A plugin's options and a field's settings as one schema, so unknown keys are checked against both. */
    private static SectionSchema withSettings(SectionSchema options, SectionSchema settings) {
        SectionSchema.Builder b = SectionSchema.builder(options.name(), options.description());
        options.fields().forEach(b::add);
        settings.fields().forEach(b::add);
        settings.checks().forEach(b::check);
        return b.build();
    }

    private final class ScopedContext implements CheckContext {
        private final String prefix;

        ScopedContext(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public boolean isGiven(String relativePath) {
            return Validator.this.isGiven(SafeYamlReader.child(prefix, relativePath));
        }

        @Override
        public void error(String relativePath, String message) {
            Validator.this.error(SafeYamlReader.child(prefix, relativePath), message);
        }
    }

    /** The paths at which plugins were created, in resolution order. */
    Map<String, Created> instances() {
        return Collections.unmodifiableMap(instances);
    }
}
