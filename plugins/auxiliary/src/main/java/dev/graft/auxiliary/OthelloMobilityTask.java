package dev.graft.auxiliary;

import dev.graft.spi.AuxiliaryTask;
import dev.graft.spi.Game;
import dev.graft.spi.GameState;

import java.util.Optional;

/**
 * Othello mobility per sector: for each player, the number of squares where that player could place
 * a disc now (an empty square from which some straight line of the opponent's discs ends on one of
 * the player's own), whoever is to move; a placement counts in the sector of the square it is placed
 * on (row-major S×S sectors, see {@link OthelloSectors}). Outputs {@code 2·sectors}: first black's
 * count in every sector, then white's, each times {@code scale}. Passes are not counted. Supports
 * only the {@code othello} game; the placement rule is Othello's, read from the square tokens
 * (1 black, 2 white). Thread-safe.
 */
public final class OthelloMobilityTask implements AuxiliaryTask {
    static final String NAME = "mobility";
    private static final int[] DI = {-1, -1, -1, 0, 0, 1, 1, 1};
    private static final int[] DJ = {-1, 0, 1, -1, 1, -1, 0, 1};

    private final int sector;
    private final double scale;

    /**
     * @param sector side S of the square sectors, ≥ 1
     * @param scale  factor on every target, finite and ≥ 0 (1 gives raw counts)
     */
    public OthelloMobilityTask(int sector, double scale) {
        OthelloSectors.checkArguments(sector, scale);
        this.sector = sector;
        this.scale = scale;
    }

    @Override
    public Optional<String> incompatibility(Game game) {
        return OthelloSectors.incompatibility(NAME, sector, game);
    }

    @Override
    public int outputs(Game game) {
        OthelloSectors.require(NAME, sector, game);
        return 2 * OthelloSectors.count(sector, game);
    }

    @Override
    public void targets(Game game, GameState state, float[] out, int offset) {
        int sectors = outputs(game) / 2;
        int rows = game.rows();
        int cols = game.cols();
        byte[] tokens = new byte[game.squares()];
        state.tokens(tokens, 0);
        int[] counts = new int[2 * sectors];
        for (int s = 0; s < tokens.length; s++) {
            if (tokens[s] != 0) {
                continue;
            }
            for (int player = 0; player < 2; player++) {
                if (places(tokens, rows, cols, s, 1 + player, 2 - player)) {
                    counts[player * sectors + OthelloSectors.of(sector, game, s)]++;
                }
            }
        }
        for (int k = 0; k < counts.length; k++) {
            out[offset + k] = (float) (counts[k] * scale);
        }
    }

    /** Whether a disc {@code own} at empty square {@code s} closes a line of {@code opp} discs. */
    static boolean places(byte[] tokens, int rows, int cols, int s, int own, int opp) {
        int i0 = s / cols;
        int j0 = s % cols;
        for (int d = 0; d < 8; d++) {
            int i = i0 + DI[d];
            int j = j0 + DJ[d];
            int run = 0;
            while (i >= 0 && i < rows && j >= 0 && j < cols && tokens[i * cols + j] == opp) {
                i += DI[d];
                j += DJ[d];
                run++;
            }
            if (run > 0 && i >= 0 && i < rows && j >= 0 && j < cols && tokens[i * cols + j] == own) {
                return true;
            }
        }
        return false;
    }
}
