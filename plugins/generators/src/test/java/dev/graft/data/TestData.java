package dev.graft.data;

import dev.graft.generators.AlphaBetaGeneratorFactory;
import dev.graft.generators.RandomGeneratorFactory;
import dev.graft.spi.AuxiliaryTask;
import dev.graft.spi.Game;
import dev.graft.spi.GameGenerator;
import dev.graft.spi.GameRecord;
import dev.graft.spi.GameState;
import dev.graft.spi.Options;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small fixtures for the data tests. */
final class TestData {
    private TestData() {
    }

    static GameGenerator alphabeta() {
        var f = new AlphaBetaGeneratorFactory();
        return f.create(Options.withDefaults(f.options(), Map.of()));
    }

    static GameGenerator random() {
        var f = new RandomGeneratorFactory();
        return f.create(Options.withDefaults(f.options(), Map.of()));
    }

    static List<GameRecord> games(Game game, GameGenerator g, int n, long seed) {
        return new GameGeneration(1, false).generate(game, g, n, seed);
    }

    /** Empty squares per row: a position-dependent auxiliary target that a symmetry changes. */
    static final class EmptyPerRow implements AuxiliaryTask {
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
            for (int i = 0; i < game.rows(); i++) {
                int empty = 0;
                for (int j = 0; j < game.cols(); j++) {
                    empty += state.squareState(i * game.cols() + j) == 0 ? 1 : 0;
                }
                out[offset + i] = empty;
            }
        }
    }

    /** Occupied squares in total (one output). */
    static final class Occupied implements AuxiliaryTask {
        @Override
        public Optional<String> incompatibility(Game game) {
            return Optional.empty();
        }

        @Override
        public int outputs(Game game) {
            return 1;
        }

        @Override
        public void targets(Game game, GameState state, float[] out, int offset) {
            int occupied = 0;
            for (int s = 0; s < game.squares(); s++) {
                occupied += state.squareState(s);
            }
            out[offset] = occupied;
        }
    }
}
