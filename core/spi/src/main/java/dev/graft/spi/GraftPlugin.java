package dev.graft.spi;

import java.util.List;

/**
 * Entry point of a plugin jar, found with {@link java.util.ServiceLoader} through
 * {@code META-INF/services/dev.graft.spi.GraftPlugin}. Needs a public no-argument constructor.
 */
public interface GraftPlugin {

    /** The factories this jar contributes, of any kinds. */
    List<PluginFactory<?>> factories();
}
