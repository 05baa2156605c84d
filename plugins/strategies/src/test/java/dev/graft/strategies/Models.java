package dev.graft.strategies;

import dev.graft.games.domineering.DomineeringGame;
import dev.graft.graft.GraftAssertions;
import dev.graft.model.Transformer;
import dev.graft.spi.GraftStrategy;
import dev.graft.spi.ModelShape;
import dev.graft.spi.Options;
import dev.graft.spi.PluginFactory;

import java.util.Map;

/** Tiny Domineering 4×4 models (4 aux outputs, as sector-balance with sector 2 gives) and strategies made from options. */
final class Models {
    static final DomineeringGame GAME = new DomineeringGame(4);
    static final ModelShape SMALL = new ModelShape(8, 4, 2, 2, 12);
    static final ModelShape LARGE = new ModelShape(8, 4, 4, 4, 20);
    static final int AUX = 4;

    private Models() {
    }

    /** A small model with every parameter random, as if trained. */
    static Transformer small(long seed) {
        return GraftAssertions.randomise(new Transformer(GAME, SMALL, AUX, seed), 0.3, seed);
    }

    /** A large model with every parameter random, so zeros, copies and untouched values can be told apart. */
    static Transformer large(long seed) {
        return GraftAssertions.randomise(new Transformer(GAME, LARGE, AUX, seed), 0.3, seed + 1000);
    }

    static GraftStrategy strategy(PluginFactory<?> factory, Map<String, Object> options) {
        return (GraftStrategy) factory.create(Options.withDefaults(factory.options(), options));
    }
}
