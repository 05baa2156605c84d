package dev.graft.probes;

import dev.graft.spi.GraftPlugin;
import dev.graft.spi.PluginFactory;

import java.util.List;

/** Contributes the probe plugins of this module: {@code ridge}. */
public final class ProbesPlugin implements GraftPlugin {

    @Override
    public List<PluginFactory<?>> factories() {
        return List.of(new RidgeProbeFactory());
    }
}
