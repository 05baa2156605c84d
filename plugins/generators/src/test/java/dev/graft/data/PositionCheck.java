package dev.graft.data;

import dev.graft.spi.Game;
import dev.graft.spi.GameRecord;
import dev.graft.spi.GameState;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Independent expectations for a position: replays the game without the symmetry, then maps squares
 * and moves with {@link Game#mapSquare}/{@link Game#mapMove}; the auxiliary target (empty squares
 * per row, then occupied count) is recomputed from the mapped board.
 */
final class PositionCheck {
    final byte[] tokens;
    final int policy;
    final boolean[] mask;
    final float[] aux;
    final float value;

    PositionCheck(Game game, GameRecord r, PositionRef ref) {
        GameState s = game.newGame();
        for (int p = 0; p < ref.ply(); p++) {
            s.play(r.moves()[p]);
        }
        int sym = ref.symmetry();
        tokens = new byte[game.squares()];
        for (int q = 0; q < game.squares(); q++) {
            tokens[game.mapSquare(sym, q)] = (byte) s.squareState(q);
        }
        policy = game.mapMove(sym, r.moves()[ref.ply()]);
        mask = new boolean[game.moves()];
        int[] buf = new int[game.moves()];
        int n = s.legalMoves(buf);
        for (int k = 0; k < n; k++) {
            mask[game.mapMove(sym, buf[k])] = true;
        }
        aux = new float[game.rows() + 1];
        int occupied = 0;
        for (int i = 0; i < game.rows(); i++) {
            for (int j = 0; j < game.cols(); j++) {
                int t = tokens[i * game.cols() + j];
                aux[i] += t == 0 ? 1 : 0;
                occupied += t;
            }
        }
        aux[game.rows()] = occupied;
        value = r.winner() == 0 ? 1f : 0f;
    }

    void assertRow(String where, byte[] gotTokens, int tokenOffset, int gotPolicy, boolean[] gotMask, int maskOffset,
                   float[] gotAux, int auxOffset, float gotValue) {
        for (int q = 0; q < tokens.length; q++) {
            assertEquals(tokens[q], gotTokens[tokenOffset + q], where + ": token " + q);
        }
        assertEquals(policy, gotPolicy, where + ": policy");
        for (int m = 0; m < mask.length; m++) {
            assertEquals(mask[m], gotMask[maskOffset + m], where + ": mask " + m);
        }
        for (int k = 0; k < aux.length; k++) {
            assertEquals(aux[k], gotAux[auxOffset + k], where + ": aux " + k);
        }
        assertEquals(value, gotValue, where + ": value");
    }
}
