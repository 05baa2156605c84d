package dev.graft.games.domineering;

import dev.graft.spi.Game;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Domineering on an N×N board: vertical (player 0) moves first, each move covers two adjacent empty
 * squares, and a player with no legal move on their turn loses.
 *
 * <p>Move encoding (an interchange format, see EXPERIMENT.md), with {@code P = N·(N−1)}: a vertical
 * move whose top square is (i, j), 0 ≤ i ≤ N−2, has index {@code i·N + j}; a horizontal move whose
 * left square is (i, j), 0 ≤ j ≤ N−2, has index {@code P + j·N + i}. Squares are row-major,
 * (i, j) ↦ {@code i·N + j}.
 *
 * <p>The four symmetries keep who is vertical: 0 identity, 1 left-right mirror (column j → N−1−j),
 * 2 up-down mirror (row i → N−1−i), 3 rotation by 180°.
 *
 * <p>Immutable and thread-safe: every table is computed in the constructor. Two games with the same
 * board size are equal.
 */
public final class DomineeringGame implements Game {

    /** Smallest supported board side. */
    public static final int MIN_BOARD = 2;
    /** Largest supported board side (N² ≤ 1024 bits, 16 words). */
    public static final int MAX_BOARD = 32;

    static final int SYMMETRIES = 4;
    private static final long ZOBRIST_SEED = 0x5DEECE66DL ^ 0x9E3779B97F4A7C15L;

    final int n;
    final int squares;
    final int half;          // P = N·(N−1), moves per player
    final int words;         // longs per bitboard
    final long[] valid;      // bits of real squares
    final long[] topMask;    // squares that can be the top of a vertical move (row ≤ N−2)
    final long[] leftMask;   // squares that can be the left of a horizontal move (col ≤ N−2)
    final int[] first;       // move → first (top / left) square
    final int[] second;      // move → second (bottom / right) square
    final int[] horizontalAt; // left square → horizontal move index (−1 in the last column)
    final long[] zobrist;    // square → key
    final long sideKey;      // XORed in while player 1 is to move
    private final int[][] squareMap;
    private final int[][] moveMap;

    /**
     * @param n board side, {@value #MIN_BOARD} … {@value #MAX_BOARD}
     * @throws IllegalArgumentException when {@code n} is out of range
     */
    public DomineeringGame(int n) {
        if (n < MIN_BOARD || n > MAX_BOARD) {
            throw new IllegalArgumentException("domineering board side must be between " + MIN_BOARD
                    + " and " + MAX_BOARD + ", got " + n);
        }
        this.n = n;
        this.squares = n * n;
        this.half = n * (n - 1);
        this.words = (squares + 63) >>> 6;
        this.valid = new long[words];
        this.topMask = new long[words];
        this.leftMask = new long[words];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int s = i * n + j;
                valid[s >>> 6] |= 1L << s;
                if (i <= n - 2) {
                    topMask[s >>> 6] |= 1L << s;
                }
                if (j <= n - 2) {
                    leftMask[s >>> 6] |= 1L << s;
                }
            }
        }
        this.first = new int[2 * half];
        this.second = new int[2 * half];
        for (int m = 0; m < 2 * half; m++) {
            if (m < half) {
                first[m] = m;
                second[m] = m + n;
            } else {
                int k = m - half;
                int j = k / n;
                int i = k % n;
                first[m] = i * n + j;
                second[m] = i * n + j + 1;
            }
        }
        this.horizontalAt = new int[squares];
        Arrays.fill(horizontalAt, -1);
        for (int m = half; m < 2 * half; m++) {
            horizontalAt[first[m]] = m;
        }
        SplittableRandom rng = new SplittableRandom(ZOBRIST_SEED + n);
        this.zobrist = new long[squares];
        for (int s = 0; s < squares; s++) {
            zobrist[s] = rng.nextLong();
        }
        this.sideKey = rng.nextLong();
        this.squareMap = new int[SYMMETRIES][squares];
        for (int sym = 0; sym < SYMMETRIES; sym++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    int mi = (sym == 2 || sym == 3) ? n - 1 - i : i;
                    int mj = (sym == 1 || sym == 3) ? n - 1 - j : j;
                    squareMap[sym][i * n + j] = mi * n + mj;
                }
            }
        }
        this.moveMap = new int[SYMMETRIES][2 * half];
        for (int sym = 0; sym < SYMMETRIES; sym++) {
            for (int m = 0; m < 2 * half; m++) {
                moveMap[sym][m] = moveCovering(squareMap[sym][first[m]], squareMap[sym][second[m]]);
            }
        }
    }

    /** The board side N. */
    public int board() {
        return n;
    }

    /** Moves per player, {@code P = N·(N−1)}; vertical moves are {@code 0 … P−1}, horizontal {@code P … 2P−1}. */
    public int movesPerPlayer() {
        return half;
    }

    /** Index of the vertical move whose top square is (i, j). */
    public int verticalMove(int i, int j) {
        checkCell(i, j, n - 2, n - 1);
        return i * n + j;
    }

    /** Index of the horizontal move whose left square is (i, j). */
    public int horizontalMove(int i, int j) {
        checkCell(i, j, n - 1, n - 2);
        return half + j * n + i;
    }

    /** The move covering squares {@code a} and {@code b} (in either order), or −1 if they are not adjacent. */
    public int moveCovering(int a, int b) {
        int lo = Math.min(a, b);
        int hi = Math.max(a, b);
        if (lo < 0 || hi >= squares) {
            return -1;
        }
        if (hi - lo == n) {
            return lo;
        }
        if (hi - lo == 1 && lo % n != n - 1) {
            return half + (lo % n) * n + lo / n;
        }
        return -1;
    }

    private void checkCell(int i, int j, int maxI, int maxJ) {
        if (i < 0 || i > maxI || j < 0 || j > maxJ) {
            throw new IllegalArgumentException("cell (" + i + "," + j + ") out of range for this move on a "
                    + n + "×" + n + " board: need 0 ≤ i ≤ " + maxI + " and 0 ≤ j ≤ " + maxJ);
        }
    }

    @Override
    public String name() {
        return "domineering";
    }

    @Override
    public int rows() {
        return n;
    }

    @Override
    public int cols() {
        return n;
    }

    @Override
    public int squares() {
        return squares;
    }

    @Override
    public int squareStates() {
        return 2;
    }

    @Override
    public int moves() {
        return 2 * half;
    }

    @Override
    public int maxSquaresPerMove() {
        return 2;
    }

    @Override
    public int[] moveSquares(int move) {
        checkMove(move);
        return new int[] {first[move], second[move]};
    }

    @Override
    public int moveOwner(int move) {
        checkMove(move);
        return move < half ? 0 : 1;
    }

    @Override
    public DomineeringState newGame() {
        return new DomineeringState(this);
    }

    @Override
    public int symmetries() {
        return SYMMETRIES;
    }

    @Override
    public int mapSquare(int symmetry, int square) {
        checkSymmetry(symmetry);
        if (square < 0 || square >= squares) {
            throw new IllegalArgumentException("square " + square + " out of range 0…" + (squares - 1));
        }
        return squareMap[symmetry][square];
    }

    @Override
    public int mapMove(int symmetry, int move) {
        checkSymmetry(symmetry);
        checkMove(move);
        return moveMap[symmetry][move];
    }

    @Override
    public String describeMove(int move) {
        checkMove(move);
        int s = first[move];
        return (move < half ? "V(" : "H(") + s / n + "," + s % n + ")";
    }

    void checkMove(int move) {
        if (move < 0 || move >= 2 * half) {
            throw new IllegalArgumentException("move " + move + " out of range 0…" + (2 * half - 1)
                    + " for a " + n + "×" + n + " domineering board");
        }
    }

    private static void checkSymmetry(int symmetry) {
        if (symmetry < 0 || symmetry >= SYMMETRIES) {
            throw new IllegalArgumentException("symmetry " + symmetry + " out of range 0…" + (SYMMETRIES - 1));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DomineeringGame other && other.n == n;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(n) * 31 + 7;
    }

    @Override
    public String toString() {
        return "domineering " + n + "×" + n;
    }
}
