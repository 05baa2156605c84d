package dev.graft.auxiliary;

import dev.graft.spi.AuxiliaryTask;
import dev.graft.spi.Game;
import dev.graft.spi.GameState;

import java.util.Locale;
import java.util.Optional;

/**
 * Safe moves per sector (Domineering). A vertical placement (both squares empty) is <em>safe</em>
 * when neither of its squares can be covered by any horizontal placement possible now (both of
 * whose squares are empty), so horizontal can never take it away; a horizontal placement is safe
 * when neither of its squares can be covered by any possible vertical placement. Every safe
 * placement is counted, overlapping ones too (a lone empty column of three squares holds two safe
 * vertical placements, of which only one can be played). It ignores whose turn it is.
 *
 * <p>Sectors are those of {@link SectorBalanceTask}: S×S blocks numbered row-major,
 * {@code (i/S)·(N/S) + (j/S)}, and a placement belongs to the sector of its first square (the top
 * square of a vertical domino, the left one of a horizontal one), even when its second square lies
 * in the next sector.
 *
 * <p>Two output layouts, both multiplied by {@code scale}:
 * <ul>
 *   <li>{@link Layout#BALANCE}: one value per sector, safe vertical − safe horizontal placements,
 *       the same shape and sign as sector-balance (so the two targets differ only in what is counted);
 *   <li>{@link Layout#PER_SIDE}: two blocks of one value per sector, first the safe vertical
 *       placements of sectors 0…K−1, then the safe horizontal ones (output {@code side·K + sector},
 *       side 0 vertical, 1 horizontal; reshape as [2, N/S, N/S]).
 * </ul>
 *
 * <p>Computed from the tokens with one bit mask of empty squares per row; instances are immutable
 * and thread-safe.
 */
public final class SafeMovesTask implements AuxiliaryTask {

    /** How the counts are laid out in the outputs. */
    public enum Layout {
        /** Per sector: safe vertical − safe horizontal placements. */
        BALANCE("balance"),
        /** Safe vertical placements per sector, then safe horizontal placements per sector. */
        PER_SIDE("per-side");

        private final String word;

        Layout(String word) {
            this.word = word;
        }

        /** The option value naming this layout. */
        public String word() {
            return word;
        }

        /** The layout an option value names. @throws IllegalArgumentException for any other word */
        public static Layout named(String word) {
            for (Layout l : values()) {
                if (l.word.equals(word)) {
                    return l;
                }
            }
            throw new IllegalArgumentException("layout must be balance or per-side, got " + word);
        }
    }

    private final int sector;
    private final double scale;
    private final Layout layout;

    /**
     * @param sector side S of the square sectors, ≥ 1
     * @param scale  factor on every output, finite and ≥ 0 (1 gives the raw counts)
     * @param layout how the counts are laid out
     * @throws IllegalArgumentException when {@code sector} is below 1 or {@code scale} negative or not finite
     */
    public SafeMovesTask(int sector, double scale, Layout layout) {
        if (sector < 1) {
            throw new IllegalArgumentException("sector size must be at least 1, got " + sector);
        }
        if (!(scale >= 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be a finite number ≥ 0, got " + scale);
        }
        this.sector = sector;
        this.scale = scale;
        this.layout = java.util.Objects.requireNonNull(layout, "layout");
    }

    public int sector() {
        return sector;
    }

    public double scale() {
        return scale;
    }

    public Layout layout() {
        return layout;
    }

    @Override
    public Optional<String> incompatibility(Game game) {
        Optional<String> why = DomineeringRows.notDomineering("safe-moves",
                "the vertical and horizontal domino placements the opponent can no longer block", game);
        if (why.isPresent()) {
            return why;
        }
        int n = game.rows();
        if (n % sector != 0 || game.cols() % sector != 0) {
            StringBuilder fits = new StringBuilder();
            for (int d = 1; d <= n; d++) {
                if (n % d == 0 && game.cols() % d == 0) {
                    fits.append(fits.length() == 0 ? "" : ", ").append(d);
                }
            }
            return Optional.of(String.format(Locale.ROOT, "sector size %d does not divide the %d×%d board of %s;"
                    + " sector sizes that would: %s", sector, n, game.cols(), game.name(), fits));
        }
        return Optional.empty();
    }

    private void requireCompatible(Game game) {
        Optional<String> why = incompatibility(game);
        if (why.isPresent()) {
            throw new IllegalArgumentException(why.get());
        }
    }

    private int sectors(Game game) {
        return (game.rows() / sector) * (game.cols() / sector);
    }

    @Override
    public int outputs(Game game) {
        requireCompatible(game);
        return layout == Layout.BALANCE ? sectors(game) : 2 * sectors(game);
    }

    @Override
    public void targets(Game game, GameState state, float[] out, int offset) {
        requireCompatible(game);
        int rows = game.rows();
        int cols = game.cols();
        long[] empty = new long[rows];
        DomineeringRows.emptyRows(game, state, new byte[game.squares()], empty);
        // squares a horizontal / vertical placement could cover now
        long[] horizontalReach = new long[rows];
        long[] verticalReach = new long[rows];
        for (int i = 0; i < rows; i++) {
            long e = empty[i];
            horizontalReach[i] = e & ((e << 1) | (e >>> 1));
            long neighbours = (i > 0 ? empty[i - 1] : 0) | (i + 1 < rows ? empty[i + 1] : 0);
            verticalReach[i] = e & neighbours;
        }
        int sectorCols = cols / sector;
        int k = sectors(game);
        int[] vertical = new int[k];
        int[] horizontal = new int[k];
        long block = sector == Long.SIZE ? -1L : (1L << sector) - 1;
        for (int i = 0; i < rows; i++) {
            // bits = first squares of the safe placements in row i
            long safeVertical = i + 1 < rows
                    ? empty[i] & empty[i + 1] & ~horizontalReach[i] & ~horizontalReach[i + 1] : 0;
            long safeHorizontal = empty[i] & (empty[i] >>> 1) & ~verticalReach[i] & ~(verticalReach[i] >>> 1);
            int rowBase = (i / sector) * sectorCols;
            for (int c = 0; c < sectorCols; c++) {
                long mask = block << (c * sector);
                vertical[rowBase + c] += Long.bitCount(safeVertical & mask);
                horizontal[rowBase + c] += Long.bitCount(safeHorizontal & mask);
            }
        }
        if (layout == Layout.BALANCE) {
            for (int s = 0; s < k; s++) {
                out[offset + s] = (float) ((vertical[s] - horizontal[s]) * scale);
            }
        } else {
            for (int s = 0; s < k; s++) {
                out[offset + s] = (float) (vertical[s] * scale);
                out[offset + k + s] = (float) (horizontal[s] * scale);
            }
        }
    }
}
