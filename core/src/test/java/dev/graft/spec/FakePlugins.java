package dev.graft.spec;

import dev.graft.plugin.PluginCatalog;
import dev.graft.spi.AuxiliaryTask;
import dev.graft.spi.Game;
import dev.graft.spi.GameGenerator;
import dev.graft.spi.GameState;
import dev.graft.spi.GraftPlan;
import dev.graft.spi.GraftStrategy;
import dev.graft.spi.ModelShape;
import dev.graft.spi.InvalidOptionsException;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;
import dev.graft.spi.Probe;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Small fake plugins for spec tests: core tests cannot see the real game and task plugins. */
final class FakePlugins {
    private FakePlugins() {
    }

    /** A square board game that only knows its name and size. */
    record FakeGame(String name, int board) implements Game {
        @Override public int rows() { return board; }
        @Override public int cols() { return board; }
        @Override public int squareStates() { return 2; }
        @Override public int moves() { return 2 * board * (board - 1); }
        @Override public int maxSquaresPerMove() { return 2; }
        @Override public int[] moveSquares(int move) { return new int[] {0, 1}; }
        @Override public int moveOwner(int move) { return -1; }
        @Override public GameState newGame() { throw new UnsupportedOperationException(); }
        @Override public int symmetries() { return 1; }
        @Override public int mapSquare(int symmetry, int square) { return square; }
        @Override public int mapMove(int symmetry, int move) { return move; }
        @Override public String describeMove(int move) { return "m" + move; }
    }

    /** An auxiliary task that needs its sector size to divide the board. */
    record FakeSectors(int sector) implements AuxiliaryTask {
        @Override
        public Optional<String> incompatibility(Game game) {
            return game.rows() % sector == 0 ? Optional.empty()
                    : Optional.of("sector " + sector + " does not divide the " + game.rows() + "x" + game.rows()
                    + " board; use a divisor of " + game.rows());
        }

        @Override public int outputs(Game game) { return (game.rows() / sector) * (game.rows() / sector); }
        @Override public void targets(Game game, GameState state, float[] out, int offset) { }
    }

    /** A generator; when {@code only} is set it refuses every other game. */
    record FakeGenerator(String only) implements GameGenerator {
        @Override
        public Optional<String> incompatibility(Game game) {
            return only == null || only.equals(game.name()) ? Optional.empty()
                    : Optional.of("it only plays " + only);
        }

        @Override
        public GamePlayer newPlayer(Game game) {
            throw new UnsupportedOperationException();
        }
    }

    /** A probe that fits nothing; it refuses fewer training rows than features + 1, like ridge. */
    record FakeProbe(double heldoutFraction) implements Probe {
        @Override
        public Optional<String> incompatibility(int features, int trainingRows, int heldoutRows) {
            return trainingRows < features + 1 ? Optional.of("needs at least " + (features + 1) + " rows to fit")
                    : Optional.empty();
        }

        @Override
        public ProbeResult fit(float[][] activations, float[][] targets, boolean[] heldout) {
            throw new UnsupportedOperationException();
        }
    }

    /** Small layers 0…k−1 into large layers {@code at}…{@code at}+k−1; the layers before pass the stream through. */
    record FakeOffset(int at) implements GraftStrategy {
        @Override
        public GraftPlan plan(ModelShape small, ModelShape large) {
            if (at + small.layers() > large.layers()) {
                throw new InvalidOptionsException(at == 0 ? null : "at", "the small model's " + small.layers()
                        + " layers do not fit at layer " + at + " of " + large.layers() + "; at most at = "
                        + (large.layers() - small.layers()));
            }
            List<GraftPlan.LayerCopy> copies = new java.util.ArrayList<>();
            for (int l = 0; l < small.layers(); l++) {
                copies.add(GraftPlan.LayerCopy.byIndex(l, at + l, small));
            }
            List<Integer> silenced = java.util.stream.IntStream.range(0, at).boxed().toList();
            return new GraftPlan(copies, silenced, true, true, true);
        }

        @Override
        public boolean preservesFunction() {
            return true;
        }
    }

    record Factory<T>(PluginKind kind, String name, String description, List<OptionSpec> options,
                      Function<Options, T> maker) implements PluginFactory<T> {
        @Override
        public T create(Options options) {
            return maker.apply(options);
        }
    }

    static final List<PluginFactory<?>> FACTORIES = List.of(
            new Factory<>(PluginKind.GAME, "domineering", "fake domineering",
                    List.of(OptionSpec.integer("board", 8, 2, 32, "board size")),
                    o -> {
                        if (o.getInt("board") == 13) {
                            throw new InvalidOptionsException(null, "board 13 is reserved for tests");
                        }
                        return new FakeGame("domineering", o.getInt("board"));
                    }),
            new Factory<>(PluginKind.GAME, "tiny-game", "a tiny fake game",
                    List.of(OptionSpec.integer("board", 4, 2, 16, "board size"),
                            OptionSpec.choice("variant", "plain", List.of("plain", "torus"), "board topology")),
                    o -> {
                        if (o.getString("variant").equals("torus") && o.getInt("board") % 2 != 0) {
                            throw new InvalidOptionsException("board", "a torus needs an even board, got "
                                    + o.getInt("board") + "; use 4 or 6");
                        }
                        return new FakeGame("tiny-game", o.getInt("board"));
                    }),
            new Factory<>(PluginKind.AUXILIARY_TASK, "fake-sectors", "per-sector fake target",
                    List.of(OptionSpec.integer("sector", 2, 1, 16, "sector side"),
                            OptionSpec.number("scale", 1.0, 0.0, null, "target scale")),
                    o -> new FakeSectors(o.getInt("sector"))),
            new Factory<>(PluginKind.GAME_GENERATOR, "random", "random games", List.of(),
                    o -> new FakeGenerator(null)),
            new Factory<>(PluginKind.GAME_GENERATOR, "picky", "plays domineering only", List.of(),
                    o -> new FakeGenerator("domineering")),
            new Factory<>(PluginKind.PROBE, "ridge", "fake ridge probe",
                    List.of(OptionSpec.numberAbove("alpha", 1.0, 0, "regularisation strength"),
                            OptionSpec.numberStrictlyBetween("heldout", 0.2, 0, 1, "held-out fraction"),
                            OptionSpec.numbersAbove("alphas", List.of(), 0.0, "candidate alphas")),
                    o -> new FakeProbe(o.getDouble("heldout"))),
            new Factory<>(PluginKind.FIT_MODEL, "exponential-offset", "fake fit model (the spec's default)", List.of(),
                    o -> new Object()),
            new Factory<>(PluginKind.FIT_MODEL, "power-law-offset", "fake fit model (the spec's default)", List.of(),
                    o -> new Object()),
            new Factory<>(PluginKind.GRAFT_STRATEGY, "front", "small layers into the first large layers", List.of(),
                    o -> new FakeOffset(0)),
            new Factory<>(PluginKind.GRAFT_STRATEGY, "offset", "small layers from large layer 'at' on",
                    List.of(OptionSpec.integer("at", 0, 0, 64, "first large layer that receives small layer 0")),
                    o -> new FakeOffset(o.getInt("at"))));

    /** A catalog over {@link #FACTORIES}. */
    static PluginCatalog catalog() {
        return new PluginCatalog() {
            @Override
            public Optional<PluginFactory<?>> find(PluginKind kind, String name) {
                return FACTORIES.stream().filter(f -> f.kind() == kind && f.name().equals(name)).findFirst();
            }

            @Override
            public dev.graft.spi.PluginContext context() {
                return dev.graft.spi.PluginContext.none();
            }

            @Override
            public List<String> names(PluginKind kind) {
                return FACTORIES.stream().filter(f -> f.kind() == kind).map(PluginFactory::name).sorted().toList();
            }
        };
    }
}
