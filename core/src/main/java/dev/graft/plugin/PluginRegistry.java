package dev.graft.plugin;

import dev.graft.spi.PluginContext;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An immutable {@link PluginCatalog} over a fixed set of factories, creating plugins with one context. */
public final class PluginRegistry implements PluginCatalog {
    private final Map<PluginKind, Map<String, PluginFactory<?>>> byKind = new EnumMap<>(PluginKind.class);
    private final PluginContext context;

    /**
     * @param factories every factory, at most one per kind and name
     * @param context   the engine's services for the plugins they create ({@link EngineContext}; tests
     *                  whose plugins need none may pass {@link PluginContext#none()})
     */
    public PluginRegistry(Collection<? extends PluginFactory<?>> factories, PluginContext context) {
        this.context = java.util.Objects.requireNonNull(context, "context");
        for (PluginKind kind : PluginKind.values()) {
            byKind.put(kind, new TreeMap<>());
        }
        for (PluginFactory<?> f : factories) {
            PluginFactory<?> before = byKind.get(f.kind()).putIfAbsent(f.name(), f);
            if (before != null && before != f) {
                throw new PluginLoadException("Two " + f.kind().label() + " plugins are named '" + f.name() + "'.");
            }
        }
    }

    @Override
    public Optional<PluginFactory<?>> find(PluginKind kind, String name) {
        return Optional.ofNullable(byKind.get(kind).get(name));
    }

    @Override
    public List<String> names(PluginKind kind) {
        return List.copyOf(byKind.get(kind).keySet());
    }

    @Override
    public PluginContext context() {
        return context;
    }

    /** Every factory of {@code kind}, sorted by name. */
    public List<PluginFactory<?>> factories(PluginKind kind) {
        return new ArrayList<>(byKind.get(kind).values());
    }

    /** Creates a plugin of {@code kind} by name with the given (validated) options. */
    public <T> T create(PluginKind kind, String name, dev.graft.spi.Options options, Class<T> type) {
        PluginFactory<?> f = find(kind, name).orElseThrow(() -> new IllegalArgumentException(
                "no " + kind.label() + " plugin named '" + name + "'; available: " + names(kind)));
        return type.cast(f.create(options, context));
    }
}
