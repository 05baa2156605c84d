package dev.graft.games.domineering;

import dev.graft.spi.Game;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;

import java.util.List;

/** The {@code domineering} game plugin: one option, {@code board}, the side N of the N×N board. */
public final class DomineeringFactory implements PluginFactory<Game> {

    /** Name of the board-size option. */
    public static final String BOARD = "board";

    @Override
    public PluginKind kind() {
        return PluginKind.GAME;
    }

    @Override
    public String name() {
        return "domineering";
    }

    @Override
    public String description() {
        return "Domineering on an N×N board: vertical moves first, a player with no legal move loses";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(OptionSpec.integer(BOARD, 16, DomineeringGame.MIN_BOARD, DomineeringGame.MAX_BOARD,
                "side N of the N×N board (the original study used 16)"));
    }

    @Override
    public Game create(Options options) {
        return new DomineeringGame(options.getInt(BOARD));
    }
}
