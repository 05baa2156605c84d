package dev.graft.generators;

import dev.graft.spi.GameGenerator;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;
import dev.graft.spi.PluginContext;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;

import java.util.List;

/**
 * The {@code value-selfplay} generator: a value network, trained in rounds starting from random
 * games, plays each move to the child position it values best (1-ply lookahead); presets in
 * {@link ValueSelfPlaySettings}.
 * {@link #create} only reads options; the training happens in {@link GameGenerator#prepare}, with the
 * engine's value networks and parallel games from the {@link PluginContext}.
 */
public final class ValueSelfPlayGeneratorFactory implements PluginFactory<GameGenerator> {

    @Override
    public PluginKind kind() {
        return PluginKind.GAME_GENERATOR;
    }

    @Override
    public String name() {
        return "value-selfplay";
    }

    @Override
    public String description() {
        return "random opening, then 1-ply lookahead with a value network trained in rounds of self-play"
                + " bootstrapped from random games; preset fast (small network, some random moves) or study (the"
                + " original's: medium network, argmax, a new network kept only if it wins a duplicate-game match,"
                + " match games kept)";
    }

    @Override
    public List<OptionSpec> options() {
        return ValueSelfPlaySettings.specs();
    }

    /** Without the engine's services: {@link GameGenerator#prepare} then says it needs them. */
    @Override
    public GameGenerator create(Options options) {
        return create(options, PluginContext.none());
    }

    @Override
    public GameGenerator create(Options options, PluginContext context) {
        return new ValueSelfPlayGenerator(ValueSelfPlaySettings.from(options), context);
    }
}
