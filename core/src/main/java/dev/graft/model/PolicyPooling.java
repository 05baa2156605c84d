package dev.graft.model;

import dev.graft.spi.Game;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * How the policy head turns a move's squares into the input of its first layer.
 *
 * <p>The rule follows from the game's moves alone ({@link #of(Game)}):
 * <ul>
 *   <li>{@link Rule#CONCAT} when every move covers the same number k ≥ 1 of squares (Domineering,
 *       k = 2): {@code z[m] = concat(h[s₁] … h[s_k]) · W1 + b1}, W1 [k·d_model, d_model]. This is the
 *       policy head of every model before moves could differ in shape, unchanged.</li>
 *   <li>{@link Rule#MEAN} otherwise (Othello: one square per placement, none for the pass):
 *       {@code z[m] = mean(h[s] for s in squares(m)) · W1 + b1}, W1 [d_model, d_model]; a move of
 *       no square uses the learned vector {@code policy.empty} [d_model] in place of the mean.</li>
 * </ul>
 * This class does the {@link Rule#MEAN} pooling (the concat path lives in {@link OutputHeads} with
 * {@link MoveGather}): forward writes the pooled rows, backward scatters their gradient back, both
 * directly on the arrays' memory.
 */
public final class PolicyPooling {

    /** The pooling rule; its {@link #key()} is the name export and checkpoints record. */
    public enum Rule {
        CONCAT, MEAN;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final int tokens;
    private final int moves;
    /** Squares of move m: {@code squares[start[m] … start[m+1])}. */
    private final int[] start;
    private final int[] squares;

    PolicyPooling(Game game) {
        this.tokens = game.tokens();
        this.moves = game.moves();
        this.start = new int[moves + 1];
        int total = 0;
        for (int m = 0; m < moves; m++) {
            total += checked(game, m).length;
        }
        this.squares = new int[total];
        int at = 0;
        for (int m = 0; m < moves; m++) {
            start[m] = at;
            for (int s : game.moveSquares(m)) {
                squares[at++] = s;
            }
        }
        start[moves] = at;
    }

    private static int[] checked(Game game, int m) {
        int[] sq = game.moveSquares(m);
        if (sq.length > game.maxSquaresPerMove()) {
            throw new IllegalArgumentException("game '" + game.name() + "': move " + m + " covers " + sq.length
                    + " squares, more than maxSquaresPerMove() = " + game.maxSquaresPerMove());
        }
        for (int s : sq) {
            if (s < 0 || s >= game.squares()) {
                throw new IllegalArgumentException("game '" + game.name() + "': move " + m + " names square " + s
                        + ", outside 0.." + (game.squares() - 1));
            }
        }
        return sq;
    }

    /** CONCAT when every move covers the same number k ≥ 1 of squares, else MEAN. */
    public static Rule of(Game game) {
        int k = game.maxSquaresPerMove();
        if (k < 1) {
            return Rule.MEAN;
        }
        for (int m = 0; m < game.moves(); m++) {
            if (game.moveSquares(m).length != k) {
                return Rule.MEAN;
            }
        }
        return Rule.CONCAT;
    }

    /** Whether some move covers no square (then a MEAN model has {@code policy.empty}). */
    public static boolean hasEmptyMove(Game game) {
        for (int m = 0; m < game.moves(); m++) {
            if (game.moveSquares(m).length == 0) {
                return true;
            }
        }
        return false;
    }

    /** Input width of W1: k·d_model for CONCAT, d_model for MEAN. */
    public static int w1Rows(Game game, int dModel) {
        return of(game) == Rule.CONCAT ? game.maxSquaresPerMove() * dModel : dModel;
    }

    /**
     * {@code out[b·moves + m] = mean over s in squares(m) of perToken[b·tokens + s]}, or
     * {@code emptyRow} for a move of no square; {@code perToken} [batch·tokens, d], {@code emptyRow}
     * [1, d] (null when no move is empty), {@code out} [batch·moves, d], all contiguous c-order.
     */
    void forward(int batch, INDArray perToken, INDArray emptyRow, INDArray out) {
        int d = (int) out.size(1);
        if (out.dataType() == DataType.DOUBLE) {
            DoubleBuffer src = perToken.data().asNioDouble();
            DoubleBuffer dst = out.data().asNioDouble();
            DoubleBuffer empty = emptyRow == null ? null : emptyRow.data().asNioDouble();
            int so = (int) perToken.offset();
            int dO = (int) out.offset();
            int eo = emptyRow == null ? 0 : (int) emptyRow.offset();
            for (int b = 0; b < batch; b++) {
                for (int m = 0; m < moves; m++) {
                    int t = dO + (b * moves + m) * d;
                    int cnt = start[m + 1] - start[m];
                    for (int c = 0; c < d; c++) {
                        double acc = 0;
                        if (cnt == 0) {
                            acc = empty.get(eo + c);
                        } else {
                            for (int i = start[m]; i < start[m + 1]; i++) {
                                acc += src.get(so + (b * tokens + squares[i]) * d + c);
                            }
                            acc /= cnt;
                        }
                        dst.put(t + c, acc);
                    }
                }
            }
        } else {
            FloatBuffer src = perToken.data().asNioFloat();
            FloatBuffer dst = out.data().asNioFloat();
            int so = (int) perToken.offset();
            int dO = (int) out.offset();
            float[] empty = emptyRow == null ? null : emptyRow.dup().data().asFloat();
            float[] acc = new float[d];
            float[] row = new float[d];
            for (int b = 0; b < batch; b++) {
                for (int m = 0; m < moves; m++) {
                    int cnt = start[m + 1] - start[m];
                    if (cnt == 0) {
                        dst.put(dO + (b * moves + m) * d, empty, 0, d);
                        continue;
                    }
                    java.util.Arrays.fill(acc, 0f);
                    for (int i = start[m]; i < start[m + 1]; i++) {
                        src.get(so + (b * tokens + squares[i]) * d, row, 0, d);
                        for (int c = 0; c < d; c++) {
                            acc[c] += row[c];
                        }
                    }
                    if (cnt > 1) {
                        float inv = 1f / cnt;
                        for (int c = 0; c < d; c++) {
                            acc[c] *= inv;
                        }
                    }
                    dst.put(dO + (b * moves + m) * d, acc, 0, d);
                }
            }
        }
    }

    /**
     * The gradient of {@link #forward}: {@code perToken = 0} then each pooled row's gradient, divided by
     * its move's square count, added to its squares' rows; {@code emptyRow} (may be null when no move is
     * empty) receives the sum of the empty moves' rows.
     */
    void backward(int batch, INDArray perMove, INDArray perToken, INDArray emptyRow) {
        int d = (int) perMove.size(1);
        perToken.assign(0);
        if (emptyRow != null) {
            emptyRow.assign(0);
        }
        if (perMove.dataType() == DataType.DOUBLE) {
            DoubleBuffer src = perMove.data().asNioDouble();
            DoubleBuffer dst = perToken.data().asNioDouble();
            DoubleBuffer empty = emptyRow == null ? null : emptyRow.data().asNioDouble();
            int so = (int) perMove.offset();
            int dO = (int) perToken.offset();
            int eo = emptyRow == null ? 0 : (int) emptyRow.offset();
            for (int b = 0; b < batch; b++) {
                for (int m = 0; m < moves; m++) {
                    int s0 = so + (b * moves + m) * d;
                    int cnt = start[m + 1] - start[m];
                    for (int c = 0; c < d; c++) {
                        double g = src.get(s0 + c);
                        if (cnt == 0) {
                            empty.put(eo + c, empty.get(eo + c) + g);
                        } else {
                            g /= cnt;
                            for (int i = start[m]; i < start[m + 1]; i++) {
                                int t = dO + (b * tokens + squares[i]) * d + c;
                                dst.put(t, dst.get(t) + g);
                            }
                        }
                    }
                }
            }
        } else {
            FloatBuffer src = perMove.data().asNioFloat();
            FloatBuffer dst = perToken.data().asNioFloat();
            int so = (int) perMove.offset();
            int dO = (int) perToken.offset();
            float[] row = new float[d];
            float[] acc = new float[d];
            float[] empty = new float[d];
            for (int b = 0; b < batch; b++) {
                for (int m = 0; m < moves; m++) {
                    int cnt = start[m + 1] - start[m];
                    src.get(so + (b * moves + m) * d, row, 0, d);
                    if (cnt == 0) {
                        for (int c = 0; c < d; c++) {
                            empty[c] += row[c];
                        }
                        continue;
                    }
                    float inv = 1f / cnt;
                    for (int i = start[m]; i < start[m + 1]; i++) {
                        int t = dO + (b * tokens + squares[i]) * d;
                        dst.get(t, acc, 0, d);
                        for (int c = 0; c < d; c++) {
                            acc[c] += row[c] * inv;
                        }
                        dst.put(t, acc, 0, d);
                    }
                }
            }
            if (emptyRow != null) {
                emptyRow.assign(Nd4j.createFromArray(empty).reshape(1, d));
            }
        }
    }
}
