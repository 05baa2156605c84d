package dev.graft.plugin;

import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;

import java.util.List;
import java.util.Optional;

/** Every plugin factory known to this run, looked up by kind and name. */
public interface PluginCatalog {

    Optional<PluginFactory<?>> find(PluginKind kind, String name);

    /** Names of every factory of {@code kind}, sorted. */
    List<String> names(PluginKind kind);
}
