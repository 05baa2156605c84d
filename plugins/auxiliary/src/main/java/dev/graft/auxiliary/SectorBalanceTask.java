package dev.graft.auxiliary;

import dev.graft.spi.AuxiliaryTask;
import dev.graft.spi.Game;
import dev.graft.spi.GameState;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sector mobility balance (EXPERIMENT.md): the board is cut into S×S sectors numbered row-major,
 * {@code (i/S)·(cols/S) + (j/S)}; each move belongs to the sector of its first square
 * ({@link Game#moveSquares}{@code [0]}, the top square of a vertical domino, the left square of a
 * horizontal one). The target of a sector is the number of player-0 moves in it whose squares are
 * all empty minus the number of such player-1 moves (Domineering: vertical − horizontal placements
 * still possible), times {@code scale} (the study's 0.1, so that the auxiliary MSE starts near 0.03
 * rather than ~100 times the value and policy losses). It ignores whose turn it is. A square is
 * empty when its token is 0.
 *
 * <p>Works on any game through the SPI whose moves each have one owner. Per-game tables (each
 * move's squares, sector and sign) are built once and cached; instances are thread-safe.
 */
public final class SectorBalanceTask implements AuxiliaryTask {

    /** The study's target scale: counts divided by 10. */
    public static final double STUDY_SCALE = 0.1;

    private final int sector;
    private final double scale;
    private final ConcurrentHashMap<Game, Tables> tables = new ConcurrentHashMap<>();

    /** With the study's scale, {@value #STUDY_SCALE}. */
    public SectorBalanceTask(int sector) {
        this(sector, STUDY_SCALE);
    }

    /**
     * @param sector side S of the square sectors, ≥ 1
     * @param scale  factor on every target, finite and ≥ 0 (1 gives the raw counts)
     * @throws IllegalArgumentException when {@code sector} is below 1 or {@code scale} negative or not finite
     */
    public SectorBalanceTask(int sector, double scale) {
        if (sector < 1) {
            throw new IllegalArgumentException("sector size must be at least 1, got " + sector);
        }
        if (!(scale >= 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be a finite number ≥ 0, got " + scale);
        }
        this.sector = sector;
        this.scale = scale;
    }

    /** The sector side S. */
    public int sector() {
        return sector;
    }

    /** The factor on every target. */
    public double scale() {
        return scale;
    }

    @Override
    public Optional<String> incompatibility(Game game) {
        int rows = game.rows();
        int cols = game.cols();
        if (rows % sector != 0 || cols % sector != 0) {
            return Optional.of("sector size " + sector + " does not divide the " + rows + "×" + cols + " board of "
                    + game.name() + "; sector sizes that would: " + commonDivisors(rows, cols));
        }
        for (int m = 0; m < game.moves(); m++) {
            int owner = game.moveOwner(m);
            if (owner != 0 && owner != 1) {
                return Optional.of("sector-balance counts each player's possible moves, but move " + m + " ("
                        + game.describeMove(m) + ") of " + game.name()
                        + " has no single owner; it needs a game whose every move belongs to player 0 or 1");
            }
        }
        return Optional.empty();
    }

    private static String commonDivisors(int rows, int cols) {
        List<String> out = new ArrayList<>();
        for (int d = 1; d <= Math.min(rows, cols); d++) {
            if (rows % d == 0 && cols % d == 0) {
                out.add(Integer.toString(d));
            }
        }
        return String.join(", ", out);
    }

    @Override
    public int outputs(Game game) {
        return tablesFor(game).outputs;
    }

    @Override
    public void targets(Game game, GameState state, float[] out, int offset) {
        Tables t = tablesFor(game);
        byte[] tokens = new byte[game.squares()];
        state.tokens(tokens, 0);
        int[] counts = new int[t.outputs];
        int[] squares = t.squares;
        int per = t.squaresPerMove;
        for (int m = 0, base = 0; m < t.sectorOf.length; m++, base += per) {
            boolean free = true;
            for (int k = 0; k < per && free; k++) {
                free = tokens[squares[base + k]] == 0;
            }
            if (free) {
                counts[t.sectorOf[m]] += t.sign[m];
            }
        }
        for (int s = 0; s < t.outputs; s++) {
            out[offset + s] = (float) (counts[s] * scale);
        }
    }

    private Tables tablesFor(Game game) {
        return tables.computeIfAbsent(game, this::build);
    }

    private Tables build(Game game) {
        Optional<String> why = incompatibility(game);
        if (why.isPresent()) {
            throw new IllegalArgumentException(why.get());
        }
        int cols = game.cols();
        int sectorCols = cols / sector;
        int moves = game.moves();
        int per = game.maxSquaresPerMove();
        int[] squares = new int[moves * per];
        int[] sectorOf = new int[moves];
        int[] sign = new int[moves];
        for (int m = 0; m < moves; m++) {
            int[] sq = game.moveSquares(m);
            System.arraycopy(sq, 0, squares, m * per, per);
            int i = sq[0] / cols;
            int j = sq[0] % cols;
            sectorOf[m] = (i / sector) * sectorCols + j / sector;
            sign[m] = game.moveOwner(m) == 0 ? 1 : -1;
        }
        return new Tables((game.rows() / sector) * sectorCols, per, squares, sectorOf, sign);
    }

    /** Per-game lookup tables; arrays are never written after construction. */
    private record Tables(int outputs, int squaresPerMove, int[] squares, int[] sectorOf, int[] sign) {
    }
}
