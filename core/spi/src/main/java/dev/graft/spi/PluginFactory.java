package dev.graft.spi;

import java.util.List;

/**
 * Makes plugin objects of one kind under one stable name.
 *
 * @param <T> the kind's interface, {@link PluginKind#type()}
 */
public interface PluginFactory<T> {

    PluginKind kind();

    /** Stable lower-case name used in specs, e.g. {@code domineering}. */
    String name();

    /** One line for {@code graft plugins}. */
    String description();

    /** Declared options, each with type, default, range and description. */
    List<OptionSpec> options();

    /**
     * Creates the plugin from validated options (every declared option present, typed, in range).
     *
     * @throws InvalidOptionsException when options are inconsistent with each other
     */
    T create(Options options);

    /**
     * Creates the plugin with access to the engine's services; the engine always calls this one.
     * The default ignores the context and calls {@link #create(Options)}: override this one (and make
     * {@code create(Options)} refuse or use {@link PluginContext#none()}) when the plugin needs
     * something of the engine, e.g. training a value network.
     *
     * @throws InvalidOptionsException when options are inconsistent with each other
     */
    default T create(Options options, PluginContext context) {
        return create(options);
    }

    /**
     * Version of the algorithm behind this factory's plugins. It goes into the cache key of every
     * stage whose output the plugin helps make, so bump it whenever a change would make the same
     * options produce different results (stale artifacts are then never reused).
     */
    default String codeVersion() {
        return "1";
    }
}
