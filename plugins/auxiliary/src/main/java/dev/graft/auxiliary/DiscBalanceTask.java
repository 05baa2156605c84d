package dev.graft.auxiliary;

import dev.graft.spi.AuxiliaryTask;
import dev.graft.spi.Game;
import dev.graft.spi.GameState;

import java.util.Optional;

/**
 * Othello disc balance: per S×S sector (row-major, see {@link OthelloSectors}), black discs minus
 * white discs (token 1 minus token 2), times {@code scale}; one output per sector. It ignores whose
 * turn it is. Supports only the {@code othello} game. Thread-safe.
 */
public final class DiscBalanceTask implements AuxiliaryTask {
    static final String NAME = "disc-balance";

    private final int sector;
    private final double scale;

    /**
     * @param sector side S of the square sectors, ≥ 1
     * @param scale  factor on every target, finite and ≥ 0 (1 gives raw disc counts)
     */
    public DiscBalanceTask(int sector, double scale) {
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
        return OthelloSectors.count(sector, game);
    }

    @Override
    public void targets(Game game, GameState state, float[] out, int offset) {
        int sectors = outputs(game);
        byte[] tokens = new byte[game.squares()];
        state.tokens(tokens, 0);
        int[] balance = new int[sectors];
        for (int s = 0; s < tokens.length; s++) {
            int t = tokens[s];
            if (t != 0) {
                balance[OthelloSectors.of(sector, game, s)] += t == 1 ? 1 : -1;
            }
        }
        for (int k = 0; k < sectors; k++) {
            out[offset + k] = (float) (balance[k] * scale);
        }
    }
}
