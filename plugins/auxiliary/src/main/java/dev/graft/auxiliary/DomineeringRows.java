package dev.graft.auxiliary;

import dev.graft.spi.Game;
import dev.graft.spi.GameState;

import java.util.Optional;

/**
 * What the Domineering-only auxiliary tasks share: the check that the game is Domineering, and a
 * position read as one bit mask of empty squares per row (bit j of row i is square (i, j)), from
 * which placements and their blockers are a few shifts and ANDs per row.
 */
final class DomineeringRows {
    /** The game plugin name these tasks are written for. */
    static final String GAME = "domineering";

    private DomineeringRows() {
    }

    /**
     * Empty unless {@code game} is Domineering; otherwise a sentence naming the task, the game and
     * what would fit.
     */
    static Optional<String> notDomineering(String task, String counts, Game game) {
        if (GAME.equals(game.name()) && game.cols() <= Long.SIZE) {
            return Optional.empty();
        }
        return Optional.of(task + " counts " + counts + " and supports only the game 'domineering', not '"
                + game.name() + "'; use game: domineering, or an auxiliary task written for " + game.name()
                + " (graft plugins lists them)");
    }

    /** Fills {@code empty[i]} with the empty squares of row i of {@code state} (token 0). */
    static void emptyRows(Game game, GameState state, byte[] tokens, long[] empty) {
        int rows = game.rows();
        int cols = game.cols();
        state.tokens(tokens, 0);
        for (int i = 0, s = 0; i < rows; i++) {
            long row = 0;
            for (int j = 0; j < cols; j++, s++) {
                if (tokens[s] == 0) {
                    row |= 1L << j;
                }
            }
            empty[i] = row;
        }
    }
}
