package dev.graft.games.othello;

import dev.graft.spi.Game;
import dev.graft.spi.InvalidOptionsException;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;

import java.util.List;

/** The {@code othello} game plugin: one option, {@code board}, the even side N of the N×N board. */
public final class OthelloFactory implements PluginFactory<Game> {

    /** Name of the board-size option (as Domineering's). */
    public static final String BOARD = "board";

    @Override
    public PluginKind kind() {
        return PluginKind.GAME;
    }

    @Override
    public String name() {
        return "othello";
    }

    @Override
    public String description() {
        return "Othello on an even N×N board: black moves first, discs flip, a player with no placement passes,"
                + " most discs wins (equal: a draw)";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(OptionSpec.integer(BOARD, 8, OthelloGame.MIN_BOARD, OthelloGame.MAX_BOARD,
                "side N of the N×N board, even (8 is the standard game)"));
    }

    @Override
    public Game create(Options options) {
        int n = options.getInt(BOARD);
        String why = OthelloGame.boardProblem(n);
        if (why != null) {
            throw new InvalidOptionsException(BOARD, why);
        }
        return new OthelloGame(n);
    }
}
