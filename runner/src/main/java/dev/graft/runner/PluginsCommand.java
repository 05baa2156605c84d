package dev.graft.runner;

import com.google.inject.Inject;
import com.google.inject.Injector;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;

/** {@code graft plugins}: every discovered plugin by kind, with its options. */
@Command(name = "plugins", description = "List every discovered plugin by kind, with its options, defaults and descriptions.")
final class PluginsCommand implements Runnable {

    @ParentCommand
    GraftCommand graft;

    @Spec
    CommandSpec spec;

    /** Injected by {@link GraftCommand#inject}: the factories of each kind are bound in it ({@link PluginModule}). */
    @Inject
    Injector injector;

    @Inject
    PluginModule.PluginOrigins origins;

    @Override
    public void run() {
        graft.inject(this);
        PrintWriter out = spec.commandLine().getOut();
        for (PluginKind kind : PluginKind.values()) {
            Map<String, PluginFactory<?>> factories = new TreeMap<>(PluginModule.factoriesOf(injector, kind));
            out.println(kind.label() + " plugins" + (factories.isEmpty() ? ": none installed" : ":"));
            for (PluginFactory<?> f : factories.values()) {
                String origin = origins.of(f);
                out.println("  " + f.name() + " — " + f.description()
                        + ("class path".equals(origin) ? "" : "  [" + origin + "]"));
                if (f.options().isEmpty()) {
                    out.println("      (no options)");
                }
                int w = f.options().stream().mapToInt(o -> o.name().length()).max().orElse(0);
                int tw = Math.max(7, f.options().stream().mapToInt(o -> o.type().name().length()).max().orElse(0));
                for (OptionSpec o : f.options()) {
                    String range = o.constraintText();
                    out.printf("      %-" + w + "s  %-" + tw + "s default %-8s %s%s%n", o.name(), o.type().name().toLowerCase(),
                            o.defaultValue(), o.description(), range.isEmpty() ? "" : " (" + range + ")");
                }
            }
            out.println();
        }
        out.flush();
    }
}
