package dev.graft.probe;

import dev.graft.data.GamePositions;
import dev.graft.model.DominoGame;
import dev.graft.spi.AuxiliaryTask;
import dev.graft.spi.Game;
import dev.graft.spi.GameRecord;
import dev.graft.spi.GameState;
import dev.graft.spi.Probe;
import dev.graft.data.Batch;
import dev.graft.data.PositionSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** Random 4×4 domino games, their positions with a per-row fill target, and a simple probe, for probe tests. */
final class ProbeFixtures {
    static final DominoGame GAME = new DominoGame(4, 4);

    private ProbeFixtures() {
    }

    /** {@code count} games of random legal moves from {@code seed}. */
    static List<GameRecord> games(int count, long seed) {
        Random rng = new Random(seed);
        List<GameRecord> out = new ArrayList<>();
        int[] buffer = new int[GAME.moves()];
        for (int g = 0; g < count; g++) {
            GameState s = GAME.newGame();
            List<Integer> moves = new ArrayList<>();
            while (!s.isTerminal()) {
                int n = s.legalMoves(buffer);
                int m = buffer[rng.nextInt(n)];
                moves.add(m);
                s.play(m);
            }
            out.add(new GameRecord(moves.stream().mapToInt(Integer::intValue).toArray(), s.winner()));
        }
        return out;
    }

    /** Fraction of each row's squares that are filled: one target per row. */
    static final class RowFill implements AuxiliaryTask {
        @Override
        public Optional<String> incompatibility(Game game) {
            return Optional.empty();
        }

        @Override
        public int outputs(Game game) {
            return game.rows();
        }

        @Override
        public void targets(Game game, GameState state, float[] out, int offset) {
            for (int r = 0; r < game.rows(); r++) {
                int filled = 0;
                for (int c = 0; c < game.cols(); c++) {
                    filled += state.squareState(r * game.cols() + c);
                }
                out[offset + r] = (float) filled / game.cols();
            }
        }
    }

    /** The positions of games {@code from … to−1}. */
    static GamePositions positions(List<GameRecord> games, int from, int to, long seed) {
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = from + i;
        }
        return new GamePositions(GAME, games, idx, List.of(new RowFill()), seed);
    }

    /**
     * A probe whose score is the mean of the first feature over the held-out rows minus the mean of
     * the first target over the training rows: it depends on every input, so equal scores mean equal inputs.
     */
    record SummaryProbe(double heldoutFraction) implements Probe {
        @Override
        public ProbeResult fit(float[][] activations, float[][] targets, boolean[] heldout) {
            double x = 0;
            double y = 0;
            int nx = 0;
            int ny = 0;
            for (int i = 0; i < activations.length; i++) {
                if (heldout[i]) {
                    x += activations[i][0];
                    nx++;
                } else {
                    y += targets[i][0];
                    ny++;
                }
            }
            double score = x / nx - y / ny;
            return new ProbeResult(score, new double[] {score}, Map.of(), 0.5);
        }
    }

    /** A source that throws after handing out positions up to {@code failFrom} (a simulated kill). */
    static final class KilledAt implements PositionSource {
        static final class Kill extends RuntimeException {
        }

        private final PositionSource inner;
        private final long failFrom;

        KilledAt(PositionSource inner, long failFrom) {
            this.inner = inner;
            this.failFrom = failFrom;
        }

        @Override
        public long positionsPerEpoch() {
            return inner.positionsPerEpoch();
        }

        @Override
        public Batch read(long from, int count) {
            if (from + count > failFrom) {
                throw new Kill();
            }
            return inner.read(from, count);
        }

        @Override
        public Batch sample(long key, int count) {
            return inner.sample(key, count);
        }
    }
}
