package dev.graft.games.othello;

import dev.graft.spi.Game;

import java.util.SplittableRandom;

/**
 * Othello (Reversi) on an N×N board, N even, {@value #MIN_BOARD} … {@value #MAX_BOARD}.
 *
 * <p>Rules: the four centre squares start with white discs at (N/2−1, N/2−1) and (N/2, N/2) and
 * black discs at (N/2−1, N/2) and (N/2, N/2−1); black (player 0) moves first. A placement puts a
 * disc of the mover's colour on an empty square such that at least one straight line (8 directions)
 * from it runs over one or more opposing discs and ends on one of the mover's discs; every such
 * line's opposing discs flip. A player with no placement must pass; the game ends when neither can
 * place. The player with more discs wins; equal counts are a draw.
 *
 * <p>Tokens: 0 empty, 1 black, 2 white (CLS 3). Moves: index {@code i·N + j} places at (i, j);
 * index {@code N·N} is the pass, legal only when the mover has no placement. A placement covers its
 * square; the pass covers no square. Either player may make any move ({@link #moveOwner} is −1).
 *
 * <p>The four symmetries keep the start and the colours: 0 identity, 1 rotation by 180°
 * ((i, j) → (N−1−i, N−1−j)), 2 transpose ((i, j) → (j, i)), 3 anti-transpose
 * ((i, j) → (N−1−j, N−1−i)); the pass maps to itself.
 *
 * <p>Positions are bitboards (one {@code long} per colour, bit {@code i·N + j}). Immutable and
 * thread-safe; two games with the same board size are equal.
 */
public final class OthelloGame implements Game {

    /** Smallest supported board side. */
    public static final int MIN_BOARD = 4;
    /** Largest supported board side (N² ≤ 64 bits). */
    public static final int MAX_BOARD = 8;

    static final int SYMMETRIES = 4;
    private static final long ZOBRIST_SEED = 0x0E11E110L ^ 0x9E3779B97F4A7C15L;

    final int n;
    final int squares;
    final int pass;
    /** Bits of the real squares. */
    final long valid;
    /** Real squares outside column 0, and outside column N−1. */
    final long notFirstCol;
    final long notLastCol;
    /** [colour 0 black / 1 white][square] → key. */
    final long[][] zobrist;
    final long sideKey;
    final long startBlack;
    final long startWhite;
    private final int[][] squareMap;
    private final int[][] moveMap;

    /**
     * @param n board side: even, {@value #MIN_BOARD} … {@value #MAX_BOARD}
     * @throws IllegalArgumentException when {@code n} is odd or out of range
     */
    public OthelloGame(int n) {
        String why = boardProblem(n);
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
        this.n = n;
        this.squares = n * n;
        this.pass = squares;
        this.valid = squares == 64 ? -1L : (1L << squares) - 1;
        long first = 0;
        long last = 0;
        for (int i = 0; i < n; i++) {
            first |= 1L << (i * n);
            last |= 1L << (i * n + n - 1);
        }
        this.notFirstCol = valid & ~first;
        this.notLastCol = valid & ~last;
        int c = n / 2;
        this.startWhite = bit(c - 1, c - 1) | bit(c, c);
        this.startBlack = bit(c - 1, c) | bit(c, c - 1);
        SplittableRandom rng = new SplittableRandom(ZOBRIST_SEED + n);
        this.zobrist = new long[2][squares];
        for (int colour = 0; colour < 2; colour++) {
            for (int s = 0; s < squares; s++) {
                zobrist[colour][s] = rng.nextLong();
            }
        }
        this.sideKey = rng.nextLong();
        this.squareMap = new int[SYMMETRIES][squares];
        for (int sym = 0; sym < SYMMETRIES; sym++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    int mi;
                    int mj;
                    switch (sym) {
                        case 0 -> { mi = i; mj = j; }
                        case 1 -> { mi = n - 1 - i; mj = n - 1 - j; }
                        case 2 -> { mi = j; mj = i; }
                        default -> { mi = n - 1 - j; mj = n - 1 - i; }
                    }
                    squareMap[sym][i * n + j] = mi * n + mj;
                }
            }
        }
        this.moveMap = new int[SYMMETRIES][squares + 1];
        for (int sym = 0; sym < SYMMETRIES; sym++) {
            System.arraycopy(squareMap[sym], 0, moveMap[sym], 0, squares);
            moveMap[sym][pass] = pass;
        }
    }

    /** Why {@code n} is not a playable board side, or null when it is. */
    public static String boardProblem(int n) {
        if (n < MIN_BOARD || n > MAX_BOARD) {
            return "othello board side must be between " + MIN_BOARD + " and " + MAX_BOARD + ", got " + n;
        }
        if (n % 2 != 0) {
            return "othello board side must be even (the four start discs sit on the centre 2×2), got " + n
                    + "; use " + (n - 1) + " or " + (n + 1 <= MAX_BOARD ? n + 1 : n - 1);
        }
        return null;
    }

    private long bit(int i, int j) {
        return 1L << (i * n + j);
    }

    /** The board side N. */
    public int board() {
        return n;
    }

    /** Index of the pass move, {@code N·N}. */
    public int passMove() {
        return pass;
    }

    /** Index of the placement at (i, j). */
    public int placement(int i, int j) {
        if (i < 0 || i >= n || j < 0 || j >= n) {
            throw new IllegalArgumentException("cell (" + i + "," + j + ") is off the " + n + "×" + n + " board");
        }
        return i * n + j;
    }

    @Override
    public String name() {
        return "othello";
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
        return 3;
    }

    @Override
    public int moves() {
        return squares + 1;
    }

    @Override
    public int maxSquaresPerMove() {
        return 1;
    }

    @Override
    public int[] moveSquares(int move) {
        checkMove(move);
        return move == pass ? new int[0] : new int[] {move};
    }

    @Override
    public int moveOwner(int move) {
        checkMove(move);
        return -1;
    }

    @Override
    public OthelloState newGame() {
        return new OthelloState(this);
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
        return move == pass ? "pass" : "(" + move / n + "," + move % n + ")";
    }

    void checkMove(int move) {
        if (move < 0 || move > pass) {
            throw new IllegalArgumentException("move " + move + " out of range 0…" + pass + " for a " + n + "×" + n
                    + " othello board (" + pass + " is the pass)");
        }
    }

    private static void checkSymmetry(int symmetry) {
        if (symmetry < 0 || symmetry >= SYMMETRIES) {
            throw new IllegalArgumentException("symmetry " + symmetry + " out of range 0…" + (SYMMETRIES - 1));
        }
    }

    /** The 8 neighbours' direction d (0 … 7) applied to every disc of {@code b}, discs leaving the board dropped. */
    long shift(long b, int d) {
        return switch (d) {
            case 0 -> (b & notLastCol) << 1;                 // east
            case 1 -> (b & notFirstCol) >>> 1;               // west
            case 2 -> (b << n) & valid;                      // south
            case 3 -> b >>> n;                               // north
            case 4 -> ((b & notLastCol) << (n + 1)) & valid; // south-east
            case 5 -> ((b & notFirstCol) << (n - 1)) & valid; // south-west
            case 6 -> (b & notLastCol) >>> (n - 1);          // north-east
            default -> (b & notFirstCol) >>> (n + 1);        // north-west
        };
    }

    /** Squares where the owner of {@code own} may place against {@code opp}. */
    long placements(long own, long opp) {
        long empty = valid & ~(own | opp);
        long out = 0;
        for (int d = 0; d < 8; d++) {
            long x = shift(own, d) & opp;
            for (int k = 0; k < n - 3; k++) {
                x |= shift(x, d) & opp;
            }
            out |= shift(x, d) & empty;
        }
        return out;
    }

    /** Discs of {@code opp} that a disc placed at {@code square} by the owner of {@code own} flips (0: none). */
    long flips(long own, long opp, int square) {
        long start = 1L << square;
        long out = 0;
        for (int d = 0; d < 8; d++) {
            long line = 0;
            long x = shift(start, d);
            while ((x & opp) != 0) {
                line |= x;
                x = shift(x, d);
            }
            if ((x & own) != 0) {
                out |= line;
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OthelloGame other && other.n == n;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(n) * 31 + 11;
    }

    @Override
    public String toString() {
        return "othello " + n + "×" + n;
    }
}
