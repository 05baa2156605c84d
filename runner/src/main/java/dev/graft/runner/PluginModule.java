package dev.graft.runner;

import com.google.inject.AbstractModule;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.name.Names;
import dev.graft.plugin.PluginCatalog;
import dev.graft.plugin.PluginDiscovery;
import dev.graft.plugin.PluginRegistry;
import dev.graft.spi.PluginContext;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds every discovered plugin factory into Guice: one {@link MapBinder} per kind, keyed by the
 * plugin's name and qualified {@code @Named(kind.label())}, so code asks for "the game plugin named
 * domineering" without knowing any plugin class. Core and runner name no plugin.
 */
final class PluginModule extends AbstractModule {
    static final TypeLiteral<String> NAME = new TypeLiteral<>() { };
    static final TypeLiteral<PluginFactory<?>> FACTORY = new TypeLiteral<>() { };
    static final TypeLiteral<Map<String, PluginFactory<?>>> FACTORY_MAP = new TypeLiteral<>() { };

    private final List<PluginDiscovery.Found> found;

    PluginModule(List<PluginDiscovery.Found> found) {
        this.found = List.copyOf(found);
    }

    @Override
    protected void configure() {
        for (PluginKind kind : PluginKind.values()) {
            MapBinder<String, PluginFactory<?>> byName =
                    MapBinder.newMapBinder(binder(), NAME, FACTORY, Names.named(kind.label()));
            for (PluginDiscovery.Found f : found) {
                if (f.factory().kind() == kind) {
                    byName.addBinding(f.factory().name()).toInstance(f.factory());
                }
            }
        }
    }

    /** The factories of one kind as bound in Guice. */
    static Map<String, PluginFactory<?>> factoriesOf(Injector injector, PluginKind kind) {
        return injector.getInstance(Key.get(FACTORY_MAP, Names.named(kind.label())));
    }

    @Provides
    @Singleton
    PluginCatalog catalog(Injector injector, PluginContext context) {
        List<PluginFactory<?>> all = new ArrayList<>();
        for (PluginKind kind : PluginKind.values()) {
            all.addAll(factoriesOf(injector, kind).values());
        }
        return new PluginRegistry(all, context);
    }

    /** Where each factory came from ("class path" or a jar), keyed "kind/name". */
    @Provides
    @Singleton
    PluginOrigins origins() {
        Map<String, String> origins = new HashMap<>();
        for (PluginDiscovery.Found f : found) {
            origins.put(f.factory().kind().label() + "/" + f.factory().name(), f.origin());
        }
        return new PluginOrigins(Map.copyOf(origins));
    }

    /** Origins of the factories, for {@code graft plugins}. */
    record PluginOrigins(Map<String, String> byKey) {
        String of(PluginFactory<?> f) {
            return byKey.getOrDefault(f.kind().label() + "/" + f.name(), "?");
        }
    }
}
