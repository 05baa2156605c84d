package dev.graft.data;

import dev.graft.spi.Game;
import dev.graft.spi.GameGenerator;
import dev.graft.spi.GameRecord;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Plays a batch of games on several threads. Game {@code i} is played with the seed
 * {@link #gameSeed(long, int) gameSeed(seed, i)} ({@link GameGenerator.GamePlayer#play(int, long)
 * play(i, gameSeed(seed, i))}) by whichever worker takes it, each worker owning its own
 * {@link GameGenerator.GamePlayer}, so the records are the same for every thread count.
 *
 * @param threads  worker threads, ≥ 1 (see {@link #threadsFor(int)})
 * @param progress show a progress bar (games/s and ETA) on standard error
 */
public record GameGeneration(int threads, boolean progress) {

    public GameGeneration {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        }
    }

    /** Worker count for a user's {@code threads} option: 0 means every available processor. */
    public static int threadsFor(int requested) {
        if (requested < 0) {
            throw new dev.graft.io.UserInputException("threads must be 0 (all cores) or a positive count, got " + requested);
        }
        return requested == 0 ? Runtime.getRuntime().availableProcessors() : requested;
    }

    /** Seed of game {@code index} of a batch seeded {@code seed}: two rounds of SplitMix64 over (seed, index). */
    public static long gameSeed(long seed, int index) {
        return mix(mix(seed) + 0x9E3779B97F4A7C15L * (index + 1L));
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Plays {@code games} games of {@code game} with {@code generator} (after its
     * {@link GameGenerator#prepare(Game, long, int) prepare(game, seed, games)}), in index order in
     * the result.
     *
     * @throws dev.graft.io.UserInputException when the generator cannot play this game
     * @throws dev.graft.spi.PluginInputException when a player reports wrong user input (passed on unwrapped)
     */
    public List<GameRecord> generate(Game game, GameGenerator generator, int games, long seed) {
        return generate(game, generator, games, seed, 0, games);
    }

    /**
     * Games {@code from … to−1} of the batch of {@code games} that {@link #generate(Game, GameGenerator, int, long)}
     * plays: the generator is prepared for the whole batch, then only those indices are played, each with its
     * own seed, so the records are those of the whole batch's range (one shard of it).
     */
    public List<GameRecord> generate(Game game, GameGenerator generator, int games, long seed, int from, int to) {
        Objects.requireNonNull(game, "game");
        Objects.requireNonNull(generator, "generator");
        if (games < 0) {
            throw new IllegalArgumentException("games must be ≥ 0, got " + games);
        }
        if (from < 0 || to < from || to > games) {
            throw new IllegalArgumentException("range " + from + " … " + to + " is not within 0 … " + games);
        }
        generator.incompatibility(game).ifPresent(why -> {
            throw new dev.graft.io.UserInputException("this generator cannot play " + game.name() + ": " + why);
        });
        generator.prepare(game, seed, games);
        GameRecord[] out = new GameRecord[to - from];
        AtomicInteger next = new AtomicInteger(from);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int workers = Math.max(1, Math.min(threads, to - from));
        try (ProgressBar bar = progress ? bar(to - from) : null) {
            Runnable work = () -> {
                GameGenerator.GamePlayer player = generator.newPlayer(game);
                int i;
                while (failure.get() == null && (i = next.getAndIncrement()) < to) {
                    try {
                        out[i - from] = Objects.requireNonNull(player.play(i, gameSeed(seed, i)), "generator returned no record");
                    } catch (dev.graft.spi.PluginInputException e) {
                        failure.compareAndSet(null, e); // the user's input (e.g. a game file) is wrong: say so as it is
                        return;
                    } catch (RuntimeException | Error e) {
                        failure.compareAndSet(null, new IllegalStateException(
                                "generating game " + i + " (seed " + gameSeed(seed, i) + ") failed: " + e.getMessage(), e));
                        return;
                    }
                    if (bar != null) {
                        bar.step();
                    }
                }
            };
            List<Thread> pool = new ArrayList<>();
            for (int t = 1; t < workers; t++) {
                Thread thread = new Thread(dev.graft.io.WorkClock.counted(work), "graft-generate-" + t);
                thread.setDaemon(true);
                pool.add(thread);
                thread.start();
            }
            work.run();
            for (Thread thread : pool) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure.compareAndSet(null, e);
                    next.set(to);
                }
            }
        }
        Throwable f = failure.get();
        if (f instanceof RuntimeException r) {
            throw r;
        } else if (f != null) {
            throw new IllegalStateException("game generation interrupted", f);
        }
        return List.of(out);
    }

    private static ProgressBar bar(int games) {
        return new ProgressBarBuilder()
                .setTaskName("games")
                .setInitialMax(games)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" games", 1)
                .showSpeed()
                .setSpeedUnit(ChronoUnit.SECONDS)
                .setUpdateIntervalMillis(500)
                .build();
    }
}
