package dev.graft.runner;

import com.google.inject.Injector;
import dev.graft.io.UserInputException;
import dev.graft.plugin.PluginCatalog;
import dev.graft.spi.Game;
import dev.graft.spi.InvalidOptionsException;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;

import java.util.HashMap;
import java.util.Map;

/** Creates plugins named on the command line (outside a spec), with the same option checks a spec gets. */
final class PluginLookup {
    private final PluginCatalog catalog;

    private PluginLookup(PluginCatalog catalog) {
        this.catalog = catalog;
    }

    static PluginLookup of(Injector injector) {
        return new PluginLookup(injector.getInstance(PluginCatalog.class));
    }

    Game game(String name, Map<String, Object> options, String flag) {
        return (Game) create(PluginKind.GAME, name, options, flag);
    }

    /** Creates plugin {@code name} of {@code kind}; {@code flag} names the command-line option the values came from. */
    Object create(PluginKind kind, String name, Map<String, Object> given, String flag) {
        PluginFactory<?> factory = catalog.find(kind, name).orElseThrow(() -> new UserInputException(
                "No " + kind.label() + " plugin named '" + name + "'. Available: "
                        + String.join(", ", catalog.names(kind)) + " (see 'graft plugins')."));
        Map<String, Object> values = new HashMap<>();
        for (OptionSpec o : factory.options()) {
            if (!given.containsKey(o.name())) {
                continue;
            }
            Object v = given.get(o.name());
            if (v instanceof Number n && o.min() != null && n.doubleValue() < o.min()
                    || v instanceof Number m && o.max() != null && m.doubleValue() > o.max()) {
                throw new UserInputException(flag + " " + v + ": " + name + "'s option '" + o.name()
                        + "' must satisfy " + o.constraintText() + ".");
            }
            values.put(o.name(), v);
        }
        try {
            return factory.create(Options.withDefaults(factory.options(), values));
        } catch (InvalidOptionsException e) {
            throw new UserInputException(flag + ": " + e.getMessage(), e);
        }
    }
}
