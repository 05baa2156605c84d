package dev.graft.runner;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import dev.graft.plugin.EngineContext;
import dev.graft.plugin.PluginDiscovery;
import dev.graft.spi.PluginContext;

import java.util.List;

/**
 * The engine's services of one command invocation: the discovered plugins ({@link PluginModule}: the
 * catalog, one map of factories per kind, their origins) and the {@link PluginContext} the catalog
 * hands every plugin it creates ({@link EngineContext}). A command names its executor on top
 * ({@link ExecutorModules}); tests override any of these with {@code Modules.override} (see
 * {@link Main#execute(List, String...)}).
 */
final class EngineModule extends AbstractModule {
    private final List<PluginDiscovery.Found> found;

    EngineModule(List<PluginDiscovery.Found> found) {
        this.found = List.copyOf(found);
    }

    @Override
    protected void configure() {
        install(new PluginModule(found));
        bind(PluginContext.class).to(EngineContext.class).in(Singleton.class);
    }
}
