package dev.graft.strategies;

import dev.graft.spi.GraftPlugin;
import dev.graft.spi.PluginFactory;

import java.util.List;

/** Contributes the graft strategies of this module: front, offset, partial, block-insertion, stack (and widen). */
public final class StrategiesPlugin implements GraftPlugin {

    @Override
    public List<PluginFactory<?>> factories() {
        return List.of(new FrontFactory(), new OffsetFactory(), new PartialFactory(), new BlockInsertionFactory(),
                new StackingFactory(), new WidthGrowthFactory());
    }
}
