package dev.graft.plugin;

import dev.graft.spi.OptionSpec;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The option tables of docs/plugin-reference.md, written from the plugins' own declarations
 * ({@link PluginFactory#description()}, {@link OptionSpec}s and {@link PluginFactory#codeVersion()}),
 * so the docs cannot drift from what specs accept: one section per kind, one table per plugin.
 */
public final class PluginReference {
    private PluginReference() {
    }

    /** The Markdown of every factory in {@code factories}, by kind, then by name. */
    public static String markdown(List<? extends PluginFactory<?>> factories) {
        StringBuilder out = new StringBuilder();
        for (PluginKind kind : PluginKind.values()) {
            List<? extends PluginFactory<?>> ofKind = factories.stream().filter(f -> f.kind() == kind)
                    .sorted(Comparator.comparing(PluginFactory::name)).toList();
            if (ofKind.isEmpty()) {
                continue;
            }
            out.append("## ").append(kind.label()).append("\n\n");
            for (PluginFactory<?> f : ofKind) {
                out.append("### `").append(f.name()).append("`\n\n")
                        .append(cell(f.description())).append(" (code version ").append(f.codeVersion()).append(")\n\n");
                if (f.options().isEmpty()) {
                    out.append("No options.\n\n");
                    continue;
                }
                out.append("| option | type | default | allowed | meaning |\n|---|---|---|---|---|\n");
                for (OptionSpec o : f.options()) {
                    out.append("| `").append(o.name()).append("` | ").append(o.type().name().toLowerCase())
                            .append(" | ").append(defaultText(o)).append(" | ").append(cell(o.constraintText()))
                            .append(" | ").append(cell(o.description())).append(" |\n");
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String defaultText(OptionSpec o) {
        Object d = o.defaultValue();
        if (d instanceof List<?> list) {
            return "`[" + list.stream().map(String::valueOf).collect(Collectors.joining(", ")) + "]`";
        }
        String text = String.valueOf(d);
        return text.isEmpty() ? "(none)" : "`" + text + "`";
    }

    /** Text safe inside a table cell: no bar, no line break. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
