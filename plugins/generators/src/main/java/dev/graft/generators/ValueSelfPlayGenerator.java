package dev.graft.generators;

import dev.graft.data.GameGeneration;
import dev.graft.data.GamePositions;
import dev.graft.model.Evaluation;
import dev.graft.model.Initialisation;
import dev.graft.model.LossParts;
import dev.graft.model.LossWeights;
import dev.graft.model.Transformer;
import dev.graft.spi.Game;
import dev.graft.spi.GameGenerator;
import dev.graft.spi.GameRecord;
import dev.graft.train.AdamW;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Self-play by a weak value network with 1-ply lookahead ({@link ValueSelfPlayPlayer}),
 * bootstrapped from random games. {@link #prepare} trains the network in rounds: round 0 plays
 * {@code games_per_round} uniformly random games, each later round as many games of the current
 * network against itself (random opening and random moves as in generation). After each round's
 * games the same network (never re-initialised) takes {@code train_steps} AdamW steps on value
 * cross-entropy alone, on positions drawn uniformly with a random symmetry from <em>all</em>
 * training games so far; a tenth of each round's games (at least one) is held out and the
 * network's value loss and accuracy on their positions are logged. Everything derives from the
 * prepare seed; the round's games are played on up to {@link Runtime#availableProcessors()} threads,
 * which gives the same records for any count ({@link GameGeneration}).
 *
 * <p>{@link #newPlayer} gives each worker thread its own copy of the trained network.
 */
public final class ValueSelfPlayGenerator implements GameGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(ValueSelfPlayGenerator.class);
    /** Value cross-entropy only: no policy or auxiliary term. */
    static final LossWeights VALUE_ONLY = new LossWeights(1, 0, 0);
    /** AdamW weight decay (the study's). */
    static final double WEIGHT_DECAY = 0.01;

    private final ValueSelfPlaySettings settings;
    private final int preparingThreads;
    private volatile Prepared prepared;

    /** The network trained by {@link #prepare} and the game it was trained for. */
    private record Prepared(Game game, ValueNetworkWeights weights) {
    }

    public ValueSelfPlayGenerator(ValueSelfPlaySettings settings) {
        this(settings, Runtime.getRuntime().availableProcessors());
    }

    /** @param preparingThreads worker threads that play each round's games in {@link #prepare} */
    ValueSelfPlayGenerator(ValueSelfPlaySettings settings, int preparingThreads) {
        this.settings = settings;
        this.preparingThreads = preparingThreads;
    }

    public ValueSelfPlaySettings settings() {
        return settings;
    }

    @Override
    public void prepare(Game game, long seed) {
        long started = System.nanoTime();
        // The generator's network keeps the initialisation its cached games were made with; the study's
        // self-play settings (issue 12, item 4) decide whether it moves to Initialisation.STUDY.
        Transformer model = new Transformer(game, settings.shape(), 0, GameGeneration.gameSeed(seed ^ 0x7A1E0L, 0),
                Initialisation.SMALL_NORMAL);
        AdamW optimizer = new AdamW(model.parameters(), WEIGHT_DECAY);
        List<GameRecord> training = new ArrayList<>();
        int held = settings.heldOutGames();
        for (int round = 0; round < settings.rounds(); round++) {
            long roundSeed = GameGeneration.gameSeed(seed ^ 0x5E1FL, round);
            GameGenerator players = round == 0 ? new RandomGenerator()
                    : new Trained(settings, ValueNetworkWeights.of(model));
            List<GameRecord> games = new GameGeneration(Math.max(1, preparingThreads), false)
                    .generate(game, players, settings.gamesPerRound(), roundSeed);
            int trainGames = games.size() - held;
            training.addAll(games.subList(0, trainGames));
            List<GameRecord> heldOut = games.subList(trainGames, games.size());
            double trainLoss = train(game, model, optimizer, training, roundSeed);
            Evaluation eval = heldOutEvaluation(game, model, heldOut, roundSeed);
            LOG.info("value-selfplay round {}/{} ({}): {} games, {} training games so far, {} steps, train value loss"
                            + " {}, held-out ({} games, {} positions) value loss {}, value accuracy {}, {} s",
                    round + 1, settings.rounds(), round == 0 ? "random games" : "self-play", games.size(),
                    training.size(), settings.trainSteps(), fmt(trainLoss), heldOut.size(), eval.count(),
                    fmt(eval.loss().value()), fmt(eval.valueAccuracy()),
                    String.format("%.1f", (System.nanoTime() - started) / 1e9));
        }
        prepared = new Prepared(game, ValueNetworkWeights.of(model));
    }

    /** {@code train_steps} AdamW steps on positions of {@code games}; returns the mean value loss of the last tenth of steps (NaN with no steps). */
    private double train(Game game, Transformer model, AdamW optimizer, List<GameRecord> games, long roundSeed) {
        GamePositions positions = new GamePositions(game, games, indices(games.size()), List.of(), roundSeed);
        int steps = settings.trainSteps();
        int tail = Math.max(1, steps / 10);
        double sum = 0;
        for (int step = 0; step < steps; step++) {
            LossParts loss = model.trainStep(positions.sample(GameGeneration.gameSeed(roundSeed ^ 0xBA7CL, step),
                    settings.batch()), VALUE_ONLY);
            if (!Double.isFinite(loss.value())) {
                throw new IllegalStateException("value-selfplay: the value loss became " + loss.value() + " at step "
                        + step + "; lower the option lr (now " + settings.lr() + ")");
            }
            optimizer.step(model.gradients(), settings.lr());
            if (step >= steps - tail) {
                sum += loss.value();
            }
        }
        return steps == 0 ? Double.NaN : sum / tail;
    }

    private static Evaluation heldOutEvaluation(Game game, Transformer model, List<GameRecord> heldOut, long roundSeed) {
        GamePositions positions = new GamePositions(game, heldOut, indices(heldOut.size()), List.of(), roundSeed ^ 0xE7A1L);
        int n = (int) positions.positionsPerEpoch();
        return model.evaluate(positions.read(0, n), VALUE_ONLY);
    }

    private static int[] indices(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    private static String fmt(double v) {
        return String.format("%.4f", v);
    }

    /**
     * A player with its own copy of the network trained by {@link #prepare}.
     *
     * @throws IllegalStateException before {@link #prepare}, or for another game than the one prepared for
     */
    @Override
    public ValueSelfPlayPlayer newPlayer(Game game) {
        return new Trained(settings, trained(game).weights()).newPlayer(game);
    }

    /** A new model holding the trained network, as each player gets it (for tests and inspection). */
    Transformer newPlayerNetwork(Game game) {
        return trained(game).weights().build(game);
    }

    private Prepared trained(Game game) {
        Prepared p = prepared;
        if (p == null) {
            throw new IllegalStateException("the value-selfplay generator has no value network yet: call prepare(game,"
                    + " seed) once before newPlayer (it trains the network)");
        }
        if (!sameBoard(p.game(), game)) {
            throw new IllegalStateException("the value-selfplay network was trained for " + describe(p.game())
                    + " and cannot play " + describe(game) + ": call prepare for that game first");
        }
        return p;
    }

    private static boolean sameBoard(Game a, Game b) {
        return a.name().equals(b.name()) && a.rows() == b.rows() && a.cols() == b.cols();
    }

    private static String describe(Game g) {
        return g.name() + " " + g.rows() + "×" + g.cols();
    }

    /** Plays with fixed weights; used for the self-play rounds and, after {@link #prepare}, for generation. */
    private record Trained(ValueSelfPlaySettings settings, ValueNetworkWeights weights) implements GameGenerator {
        @Override
        public ValueSelfPlayPlayer newPlayer(Game game) {
            return new ValueSelfPlayPlayer(game, weights.build(game), settings.opening(), settings.randomMove());
        }
    }
}
