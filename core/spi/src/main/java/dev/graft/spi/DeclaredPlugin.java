package dev.graft.spi;

import java.util.List;
import java.util.Objects;

/**
 * A plugin declared in one class: the common case of a jar entry that contributes one factory. A
 * subclass passes its kind, name, description and options to this constructor, implements
 * {@link #create(Options, PluginContext)}, and is listed on one line of
 * {@code META-INF/services/dev.graft.spi.GraftPlugin}; {@link java.util.ServiceLoader} finds it there
 * like any {@link GraftPlugin}, whose only factory it is. For example an auxiliary task:
 *
 * <pre>{@code
 * public final class Corners extends DeclaredPlugin<AuxiliaryTask> {
 *     public Corners() {
 *         super(PluginKind.AUXILIARY_TASK, "corners", "occupied corners",
 *                 OptionSpec.number("scale", 1.0, 0.0, null, "factor on the target"));
 *     }
 *
 *     public AuxiliaryTask create(Options options, PluginContext context) {
 *         return new Task(options.getDouble("scale"));
 *     }
 *
 *     private record Task(double scale) implements AuxiliaryTask { ... }
 * }
 * }</pre>
 *
 * The options reach {@code create} validated against their declarations (typed, defaulted, in range,
 * one of the choices), so {@code create} checks only what one option cannot say alone. Override
 * {@link #codeVersion()} when the plugin's results change for the same options. A jar with several
 * factories may still list one {@link GraftPlugin} that returns them all. Added in SPI 1.1.
 *
 * @param <T> the kind's interface, {@link PluginKind#type()}
 */
public abstract class DeclaredPlugin<T> implements GraftPlugin, PluginFactory<T> {
    private final PluginKind kind;
    private final String name;
    private final String description;
    private final List<OptionSpec> options;

    /**
     * @param kind        what the plugin is; {@code create} must return an instance of {@code kind.type()}
     * @param name        stable lower-case name used in specs, e.g. {@code sector-balance}
     * @param description one line for {@code graft plugins}
     * @param options     the declared options, in the order {@code graft plugins} lists them
     */
    protected DeclaredPlugin(PluginKind kind, String name, String description, OptionSpec... options) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description of " + name);
        this.options = List.of(options);
    }

    /** This plugin's one factory: itself. */
    @Override
    public final List<PluginFactory<?>> factories() {
        return List.of(this);
    }

    @Override
    public final PluginKind kind() {
        return kind;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final List<OptionSpec> options() {
        return options;
    }

    /**
     * Creates the plugin from validated options; {@code context} holds the engine's services (ignore
     * it when the plugin needs none).
     *
     * @throws InvalidOptionsException when options are inconsistent with each other
     */
    @Override
    public abstract T create(Options options, PluginContext context);

    /** Creates the plugin with {@link PluginContext#none()}: for tools and tests; the engine passes its own context. */
    @Override
    public final T create(Options options) {
        return create(options, PluginContext.none());
    }
}
