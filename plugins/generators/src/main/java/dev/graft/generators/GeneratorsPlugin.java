package dev.graft.generators;

import dev.graft.spi.GraftPlugin;
import dev.graft.spi.PluginFactory;

import java.util.List;

/**
 * Contributes the game generators of this module: {@code random}, {@code alphabeta},
 * {@code value-selfplay} and {@code file}.
 */
public final class GeneratorsPlugin implements GraftPlugin {

    @Override
    public List<PluginFactory<?>> factories() {
        return List.of(new RandomGeneratorFactory(), new AlphaBetaGeneratorFactory(),
                new ValueSelfPlayGeneratorFactory(), new FileGeneratorFactory());
    }
}
