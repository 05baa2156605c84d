package dev.graft.strategies;

import dev.graft.spi.GraftPlugin;
import dev.graft.spi.PluginFactory;

import java.util.List;

/** Contributes the graft strategies of this module: {@code front}, {@code offset} and {@code partial}. */
public final class StrategiesPlugin implements GraftPlugin {

    @Override
    public List<PluginFactory<?>> factories() {
        return List.of(new FrontFactory(), new OffsetFactory(), new PartialFactory());
    }
}
