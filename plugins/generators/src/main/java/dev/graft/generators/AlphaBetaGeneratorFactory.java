package dev.graft.generators;

import dev.graft.spi.GameGenerator;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;

import java.util.List;

/** The {@code alphabeta} generator: a random opening, then negamax alpha-beta on a mobility evaluation. */
public final class AlphaBetaGeneratorFactory implements PluginFactory<GameGenerator> {

    @Override
    public PluginKind kind() {
        return PluginKind.GAME_GENERATOR;
    }

    @Override
    public String name() {
        return "alphabeta";
    }

    @Override
    public String description() {
        return "the study's: random opening, then minimax alpha-beta on sigmoid(c*(vertical - horizontal"
                + " placements left)), finished games 1/0, depth by legal-move count, centre-first move order,"
                + " one transposition table per game, some random moves";
    }

    @Override
    public List<OptionSpec> options() {
        return AlphaBetaSettings.specs();
    }

    @Override
    public GameGenerator create(Options options) {
        return new AlphaBetaGenerator(AlphaBetaSettings.from(options));
    }
}
