package dev.graft.model;

import dev.graft.spi.Game;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * Moves rows between per-token and per-move layouts for the policy head: row {@code b·moves + m} of the
 * per-move matrix is row {@code b·tokens + square_k(m)} of the per-token matrix, for the k-th square of
 * each move. Forward is a gather ({@code Nd4j.pullRows} into a preallocated array); backward is the
 * matching scatter-add, done directly on the arrays' native memory (ND4J's ScatterAdd is slow).
 */
final class MoveGather {
    private final int batch;
    private final int tokens;
    private final int moves;
    /** [k][batch·moves] source row of each per-move row. */
    private final int[][] rows;

    MoveGather(Game game, int batch) {
        this.batch = batch;
        this.tokens = game.tokens();
        this.moves = game.moves();
        int k = game.maxSquaresPerMove();
        if (PolicyPooling.of(game) != PolicyPooling.Rule.CONCAT) {
            this.rows = new int[0][]; // moves differ in size: PolicyPooling pools them, no per-slot gather
            return;
        }
        this.rows = new int[k][batch * moves];
        for (int m = 0; m < moves; m++) {
            int[] sq = game.moveSquares(m);
            if (sq.length != k) {
                throw new IllegalArgumentException("game '" + game.name() + "': move " + m + " covers "
                        + sq.length + " squares, but maxSquaresPerMove() is " + k);
            }
            for (int j = 0; j < k; j++) {
                if (sq[j] < 0 || sq[j] >= game.squares()) {
                    throw new IllegalArgumentException("game '" + game.name() + "': move " + m
                            + " names square " + sq[j] + ", outside 0.." + (game.squares() - 1));
                }
                for (int b = 0; b < batch; b++) {
                    rows[j][b * moves + m] = b * tokens + sq[j];
                }
            }
        }
    }

    int maxSquaresPerMove() {
        return rows.length;
    }

    /** {@code out[r] = perToken[rows[k][r]]}; out is [batch·moves, d]. */
    void gather(int k, INDArray perToken, INDArray out) {
        Nd4j.pullRows(perToken, out, 1, rows[k]);
    }

    /** {@code perToken = 0; perToken[rows[k][r]] += perMove[r]}; both contiguous c-order. */
    void scatterAdd(int k, INDArray perMove, INDArray perToken) {
        int d = (int) perMove.size(1);
        int[] idx = rows[k];
        perToken.assign(0);
        if (perMove.dataType() == DataType.DOUBLE) {
            DoubleBuffer src = perMove.data().asNioDouble();
            DoubleBuffer dst = perToken.data().asNioDouble();
            int srcOff = (int) perMove.offset();
            int dstOff = (int) perToken.offset();
            for (int r = 0; r < idx.length; r++) {
                int s = srcOff + r * d;
                int t = dstOff + idx[r] * d;
                for (int c = 0; c < d; c++) {
                    dst.put(t + c, dst.get(t + c) + src.get(s + c));
                }
            }
        } else {
            FloatBuffer src = perMove.data().asNioFloat();
            FloatBuffer dst = perToken.data().asNioFloat();
            int srcOff = (int) perMove.offset();
            int dstOff = (int) perToken.offset();
            float[] acc = new float[d];
            float[] row = new float[d];
            for (int r = 0; r < idx.length; r++) {
                int t = dstOff + idx[r] * d;
                src.get(srcOff + r * d, row, 0, d);
                dst.get(t, acc, 0, d);
                for (int c = 0; c < d; c++) {
                    acc[c] += row[c];
                }
                dst.put(t, acc, 0, d);
            }
        }
    }

    int batch() {
        return batch;
    }
}
