package dev.graft.auxiliary;

import dev.graft.spi.Game;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The S×S sectors of an Othello board shared by {@code disc-balance} and {@code mobility}: numbered
 * row-major, square (i, j) in sector {@code (i/S)·(N/S) + j/S}; and the check that a game is Othello
 * with a board S divides.
 */
final class OthelloSectors {
    /** The game plugin name these tasks accept. */
    static final String OTHELLO = "othello";

    private OthelloSectors() {
    }

    /** Empty when {@code game} is Othello and {@code sector} divides its board; else why not. */
    static Optional<String> incompatibility(String task, int sector, Game game) {
        if (!OTHELLO.equals(game.name()) || game.squareStates() != 3) {
            return Optional.of(task + " reads Othello discs (tokens 1 black, 2 white) and supports only the othello game,"
                    + " not " + game.name() + "; use it with game: othello, or pick an auxiliary task made for "
                    + game.name() + " (e.g. sector-balance)");
        }
        int rows = game.rows();
        int cols = game.cols();
        if (rows % sector != 0 || cols % sector != 0) {
            List<String> fits = new ArrayList<>();
            for (int d = 1; d <= Math.min(rows, cols); d++) {
                if (rows % d == 0 && cols % d == 0) {
                    fits.add(Integer.toString(d));
                }
            }
            return Optional.of(task + ": sector size " + sector + " does not divide the " + rows + "×" + cols
                    + " board; sector sizes that would: " + String.join(", ", fits));
        }
        return Optional.empty();
    }

    static void require(String task, int sector, Game game) {
        Optional<String> why = incompatibility(task, sector, game);
        if (why.isPresent()) {
            throw new IllegalArgumentException(why.get());
        }
    }

    static int count(int sector, Game game) {
        return (game.rows() / sector) * (game.cols() / sector);
    }

    static int of(int sector, Game game, int square) {
        int i = square / game.cols();
        int j = square % game.cols();
        return (i / sector) * (game.cols() / sector) + j / sector;
    }

    static void checkArguments(int sector, double scale) {
        if (sector < 1) {
            throw new IllegalArgumentException("sector size must be at least 1, got " + sector);
        }
        if (!(scale >= 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be a finite number ≥ 0, got " + scale);
        }
    }
}
