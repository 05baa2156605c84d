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
        return "random opening, then alpha-beta on sigmoid(c*(vertical - horizontal placements left)),"
                + " depth by legal-move count, some random moves, transposition table";
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
