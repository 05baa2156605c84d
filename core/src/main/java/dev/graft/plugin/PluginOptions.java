package dev.graft.plugin;

import dev.graft.io.UserInputException;
import dev.graft.spi.InvalidOptionsException;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Creates a plugin named outside a spec (on the command line, or in a checkpoint's provenance): looks
 * it up in the catalog, converts the given option values (strings or typed) to the declared types,
 * checks ranges and choices, and reports mistakes as {@link UserInputException}s that say what would
 * be right. (A small stand-in until the spec's general validator covers command-line options too.)
 */
public final class PluginOptions {
    private PluginOptions() {
    }

    /** A created plugin with the resolved options it was made from (defaults filled in). */
    public record Made<T>(T plugin, Options options) {
    }

    public static PluginFactory<?> factory(PluginCatalog catalog, PluginKind kind, String name, String flag) {
        return catalog.find(kind, name).orElseThrow(() -> new UserInputException(flag + " " + name + ": no "
                + kind.label() + " plugin of that name; installed: " + String.join(", ", catalog.names(kind))
                + " (see graft plugins)"));
    }

    @SuppressWarnings("unchecked")
    public static <T> Made<T> create(PluginCatalog catalog, PluginKind kind, String name, String flag, Map<String, ?> given) {
        PluginFactory<?> factory = factory(catalog, kind, name, flag);
        Map<String, Object> typed = new LinkedHashMap<>();
        Map<String, OptionSpec> byName = new HashMap<>();
        for (OptionSpec s : factory.options()) {
            byName.put(s.name(), s);
        }
        for (Map.Entry<String, ?> e : given.entrySet()) {
            OptionSpec spec = byName.get(e.getKey());
            if (spec == null) {
                throw new UserInputException(kind.label() + " " + name + " has no option '" + e.getKey() + "'; its options: "
                        + (byName.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(byName.keySet()))));
            }
            typed.put(e.getKey(), convert(kind, name, spec, e.getValue()));
        }
        Options options = Options.withDefaults(factory.options(), typed);
        try {
            return new Made<>((T) factory.create(options, catalog.context()), options);
        } catch (InvalidOptionsException e) {
            throw new UserInputException(kind.label() + " " + name + ": " + e.getMessage(), e);
        }
    }

    /** A list of numbers given as a List, or as text like {@code 0.1,1,10}. */
    private static java.util.List<Double> numbers(Object raw, String text) {
        java.util.List<Double> out = new java.util.ArrayList<>();
        if (raw instanceof java.util.List<?> list) {
            for (Object item : list) {
                out.add(item instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(item).trim()));
            }
            return out;
        }
        String inner = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        for (String part : inner.split(",")) {
            if (!part.isBlank()) {
                out.add(Double.parseDouble(part.trim()));
            }
        }
        return out;
    }

    private static Object convert(PluginKind kind, String plugin, OptionSpec spec, Object raw) {
        String where = kind.label() + " " + plugin + " option " + spec.name();
        String text = String.valueOf(raw).trim();
        if (spec.acceptsWords() && spec.choices().contains(text)) {
            return text;
        }
        Object value;
        try {
            value = switch (spec.type()) {
                case INT -> raw instanceof Integer i ? i : Integer.parseInt(text);
                case DOUBLE -> raw instanceof Number n ? n.doubleValue() : Double.parseDouble(text);
                case BOOLEAN -> {
                    if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                        throw new NumberFormatException();
                    }
                    yield Boolean.parseBoolean(text);
                }
                case STRING -> text;
                case PATH -> text.isEmpty() ? text : Path.of(text).toAbsolutePath().normalize().toString();
                case DOUBLE_LIST -> numbers(raw, text);
            };
        } catch (NumberFormatException e) {
            throw new UserInputException(where + ": '" + text + "' is " + (spec.acceptsWords()
                    ? "neither an integer nor " + String.join(", ", spec.choices()) : "not " + spec.type().describe())
                    + " (" + spec.description() + ")");
        }
        if (value instanceof Number n && !spec.accepts(n.doubleValue())) {
            throw new UserInputException(where + ": " + text + " is out of range; need " + spec.constraintText()
                    + " (" + spec.description() + ")");
        }
        if (value instanceof java.util.List<?> list) {
            for (Object item : list) {
                if (!spec.accepts(((Number) item).doubleValue())) {
                    throw new UserInputException(where + ": " + item + " is out of range; need "
                            + spec.constraintText() + " (" + spec.description() + ")");
                }
            }
        }
        if (value instanceof String s && !spec.acceptsWords() && !spec.choices().isEmpty() && !spec.choices().contains(s)) {
            throw new UserInputException(where + ": '" + s + "' is not allowed; need " + spec.constraintText());
        }
        return value;
    }
}
