package dev.graft.plugin;

import dev.graft.spi.Options;
import dev.graft.spi.PluginContext;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;

import java.util.List;
import java.util.Optional;

/** Every plugin factory known to this run, looked up by kind and name, and the services its plugins get. */
public interface PluginCatalog {

    Optional<PluginFactory<?>> find(PluginKind kind, String name);

    /** Names of every factory of {@code kind}, sorted. */
    List<String> names(PluginKind kind);

    /** The engine's services, passed to every plugin this catalog's factories create. */
    PluginContext context();

    /** Creates a plugin from validated options with this catalog's {@link #context()}. */
    default <T> T create(PluginFactory<T> factory, Options options) {
        return factory.create(options, context());
    }
}
