package dev.graft.bench;

import dev.graft.spi.Game;
import dev.graft.spi.GameState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Throughput of a {@link Game} engine on one thread, through the Game SPI only, so every game plugin
 * is measured the same way. Three figures, each counted over a fixed wall-clock window after a
 * warm-up of the same code:
 * <ul>
 *   <li>{@code random-playouts} (games/s): from a fresh {@link Game#newGame()}, play uniformly random
 *       legal moves ({@code legalMove(rng.nextInt(legalMoveCount()))}, the SPI's sampling path) until
 *       terminal;</li>
 *   <li>{@code legal-move-generations} (gens/s): {@link GameState#legalMoves} on a fixed pool of
 *       positions taken from random games at every ply;</li>
 *   <li>{@code moves-played} (moves/s): {@link GameState#play} replaying recorded random games from a
 *       fresh start, no move generation.</li>
 * </ul>
 * A benchmark, not a test: the numbers depend on the machine and its load. Not thread-safe.
 */
public final class EngineBench {

    /** The window the CLI uses when none is given. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(2);
    /** The warm-up the CLI uses when none is given. */
    public static final Duration DEFAULT_WARMUP = Duration.ofSeconds(1);

    private static final int POOL_GAMES = 64;
    private static final int POOL_POSITIONS = 4096;

    private final Duration warmup;
    private final Duration window;
    private long sink;

    /** With {@link #DEFAULT_WARMUP} and {@link #DEFAULT_WINDOW}. */
    public EngineBench() {
        this(DEFAULT_WARMUP, DEFAULT_WINDOW);
    }

    /**
     * @param warmup time spent running each measured loop before its window starts (may be zero)
     * @param window wall-clock time each figure is counted over (positive)
     */
    public EngineBench(Duration warmup, Duration window) {
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(window, "window");
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("bench warm-up must not be negative, got " + warmup);
        }
        if (window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("bench window must be positive, got " + window);
        }
        this.warmup = warmup;
        this.window = window;
    }

    /**
     * Measures {@code game}; the same seed gives the same games and positions.
     *
     * @return the three figures, in the order listed in the class comment
     */
    public List<BenchFigure> run(Game game, long seed) {
        Objects.requireNonNull(game, "game");
        String board = game.name() + " " + game.rows() + "×" + game.cols();
        String setup = String.format(Locale.ROOT, "1 thread, %.1f s window", window.toNanos() / 1e9);
        int[] buffer = new int[game.moves()];

        SplittableRandom rng = new SplittableRandom(seed);
        Counts warm = playouts(game, rng, buffer, warmup.toNanos());
        Counts playouts = playouts(game, rng, buffer, window.toNanos());
        double meanLength = playouts.events == 0 ? 0 : (double) playouts.moves / playouts.events;

        SplittableRandom poolRng = new SplittableRandom(seed ^ 0x2545F4914F6CDD1DL);
        List<int[]> games = new ArrayList<>();
        for (int i = 0; i < POOL_GAMES; i++) {
            games.add(randomGame(game, poolRng, buffer));
        }
        List<GameState> positions = positionPool(game, games);

        generations(positions, buffer, warmup.toNanos());
        Counts gens = generations(positions, buffer, window.toNanos());
        replays(game, games, warmup.toNanos());
        Counts plays = replays(game, games, window.toNanos());
        sink += warm.events;

        List<BenchFigure> figures = new ArrayList<>();
        figures.add(new BenchFigure("random-playouts", playouts.perSecond(playouts.events), "games/s",
                String.format(Locale.ROOT, "%s, %s, %.1f moves/game", board, setup, meanLength)));
        figures.add(new BenchFigure("legal-move-generations", gens.perSecond(gens.events), "gens/s",
                String.format(Locale.ROOT, "%s, %s, %d positions from random games", board, setup, positions.size())));
        figures.add(new BenchFigure("moves-played", plays.perSecond(plays.moves), "moves/s",
                String.format(Locale.ROOT, "%s, %s, replaying %d random games", board, setup, games.size())));
        return List.copyOf(figures);
    }

    /** A value that depends on every measured result, so the JIT cannot drop the work. */
    long sink() {
        return sink;
    }

    private Counts playouts(Game game, SplittableRandom rng, int[] buffer, long nanos) {
        long start = System.nanoTime();
        long deadline = start + nanos;
        long games = 0;
        long moves = 0;
        long now = start;
        while (now < deadline || games == 0 && nanos > 0) {
            GameState state = game.newGame();
            while (!state.isTerminal()) {
                int n = state.legalMoveCount();
                requireMoves(game, state, n);
                state.play(state.legalMove(rng.nextInt(n)));
            }
            moves += state.ply();
            sink += state.winner();
            games++;
            now = System.nanoTime();
        }
        return new Counts(games, moves, now - start);
    }

    private Counts generations(List<GameState> positions, int[] buffer, long nanos) {
        GameState[] pool = positions.toArray(new GameState[0]);
        long start = System.nanoTime();
        long deadline = start + nanos;
        long gens = 0;
        long moves = 0;
        long now = start;
        int next = 0;
        while (now < deadline || gens == 0 && nanos > 0) {
            for (int k = 0; k < 64; k++) {
                int n = pool[next].legalMoves(buffer);
                moves += n;
                sink += n == 0 ? 0 : buffer[n - 1];
                if (++next == pool.length) {
                    next = 0;
                }
            }
            gens += 64;
            now = System.nanoTime();
        }
        return new Counts(gens, moves, now - start);
    }

    private Counts replays(Game game, List<int[]> games, long nanos) {
        long start = System.nanoTime();
        long deadline = start + nanos;
        long replayed = 0;
        long moves = 0;
        long now = start;
        int next = 0;
        while (now < deadline || replayed == 0 && nanos > 0) {
            int[] record = games.get(next);
            GameState state = game.newGame();
            for (int move : record) {
                state.play(move);
            }
            sink += state.hash();
            moves += record.length;
            replayed++;
            if (++next == games.size()) {
                next = 0;
            }
            now = System.nanoTime();
        }
        return new Counts(replayed, moves, now - start);
    }

    private static int[] randomGame(Game game, SplittableRandom rng, int[] buffer) {
        GameState state = game.newGame();
        int[] moves = new int[16];
        int length = 0;
        while (!state.isTerminal()) {
            int n = state.legalMoves(buffer);
            requireMoves(game, state, n);
            int move = buffer[rng.nextInt(n)];
            state.play(move);
            if (length == moves.length) {
                moves = Arrays.copyOf(moves, 2 * length);
            }
            moves[length++] = move;
        }
        return Arrays.copyOf(moves, length);
    }

    private static List<GameState> positionPool(Game game, List<int[]> games) {
        List<GameState> pool = new ArrayList<>();
        for (int[] record : games) {
            GameState state = game.newGame();
            pool.add(state.copy());
            for (int move : record) {
                state.play(move);
                pool.add(state.copy());
                if (pool.size() == POOL_POSITIONS) {
                    return pool;
                }
            }
        }
        return pool;
    }

    private static void requireMoves(Game game, GameState state, int n) {
        if (n <= 0) {
            throw new IllegalStateException("game '" + game.name() + "' says the position at ply " + state.ply()
                    + " is not over but lists " + n + " legal moves; a playout cannot continue");
        }
    }

    private record Counts(long events, long moves, long nanos) {
        double perSecond(long count) {
            return nanos <= 0 ? 0 : count * 1e9 / nanos;
        }
    }
}
