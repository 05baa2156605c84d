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
import dev.graft.spi.GameState;
import dev.graft.train.AdamW;
import dev.graft.train.LearningRateSchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Self-play by a value network with 1-ply lookahead ({@link ValueSelfPlayPlayer}), bootstrapped from
 * random games, in one of two presets ({@link ValueSelfPlaySettings}).
 *
 * <p><b>fast</b>: {@link #prepare} trains the network in rounds: round 0 plays {@code games_per_round}
 * uniformly random games, each later round as many games of the current network against itself
 * (random opening and random moves as in generation). After each round's games the same network
 * (never re-initialised) takes {@code train_steps} AdamW steps on value cross-entropy alone, on
 * positions drawn uniformly with a random symmetry from <em>all</em> training games so far; a tenth
 * of each round's games (at least one) is held out and the network's value loss and accuracy on
 * their positions are logged. The batch's games are then played by the final network
 * ({@link #newPlayer} gives each worker thread its own copy).
 *
 * <p><b>study</b>, as the original study's self-play: round 0 plays random games to train the first
 * network (those games are not output). Each later round the accepted network plays
 * {@code games_per_round} games (random opening, then the best child by its value, the first of
 * equals, no random move); a candidate, a copy of the accepted network trained with a fresh AdamW
 * (cosine decay over the round) on the games since the last acceptance, then meets the accepted
 * network in a duplicate-game match ({@link DuplicateMatch}) and replaces it only if it wins at
 * p &lt; {@code significance}; the match games join the training games. The generated batch is
 * those rounds' games and match games in the order they were played, until the count asked for
 * ({@link #prepare(Game, long, int)}) is reached; game {@code i} of the batch is the {@code i}-th.
 *
 * <p>Everything derives from the prepare seed; each round's games are played on up to
 * {@link Runtime#availableProcessors()} threads, which gives the same records for any count
 * ({@link GameGeneration}).
 */
public final class ValueSelfPlayGenerator implements GameGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(ValueSelfPlayGenerator.class);
    /** Value cross-entropy only: no policy or auxiliary term. */
    static final LossWeights VALUE_ONLY = new LossWeights(1, 0, 0);
    /** AdamW weight decay (the study's). */
    static final double WEIGHT_DECAY = 0.01;
    /** Study: one training epoch samples this many positions per training game (the study's data loader). */
    static final int POSITIONS_PER_GAME = 10;

    private final ValueSelfPlaySettings settings;
    private final int preparingThreads;
    private volatile Prepared prepared;

    /** What a game of a study-preset batch was. */
    enum Kind { ROUND, MATCH }

    /**
     * What {@link #prepare} made: the network for {@link #newPlayer} (fast), or the recorded games
     * (study) with what each was and the match results.
     */
    private record Prepared(Game game, ValueSelfPlaySettings.Resolved settings, ValueNetworkWeights weights,
                            List<GameRecord> games, List<Kind> kinds, List<DuplicateMatch.Result> matches) {
    }

    public ValueSelfPlayGenerator(ValueSelfPlaySettings settings) {
        this(settings, Runtime.getRuntime().availableProcessors());
    }

    /** @param preparingThreads worker threads that play each round's games in {@link #prepare} */
    ValueSelfPlayGenerator(ValueSelfPlaySettings settings, int preparingThreads) {
        this.settings = settings;
        this.preparingThreads = Math.max(1, preparingThreads);
    }

    public ValueSelfPlaySettings settings() {
        return settings;
    }

    /** Prepares for a batch of {@code games_per_round} games (the study preset records that many). */
    @Override
    public void prepare(Game game, long seed) {
        prepare(game, seed, settings.resolve(game).gamesPerRound());
    }

    @Override
    public void prepare(Game game, long seed, int games) {
        ValueSelfPlaySettings.Resolved r = settings.resolve(game);
        prepared = r.study() ? prepareStudy(game, seed, games, r) : prepareFast(game, seed, r);
    }

    private Prepared prepareFast(Game game, long seed, ValueSelfPlaySettings.Resolved r) {
        long started = System.nanoTime();
        // The fast preset's network keeps the initialisation its cached games were made with.
        Transformer model = new Transformer(game, r.shape(), 0, GameGeneration.gameSeed(seed ^ 0x7A1E0L, 0),
                Initialisation.SMALL_NORMAL);
        AdamW optimizer = new AdamW(model.parameters(), WEIGHT_DECAY);
        List<GameRecord> training = new ArrayList<>();
        int held = r.heldOut(r.gamesPerRound());
        for (int round = 0; round < r.rounds(); round++) {
            long roundSeed = GameGeneration.gameSeed(seed ^ 0x5E1FL, round);
            GameGenerator players = round == 0 ? new RandomGenerator()
                    : new Trained(r, ValueNetworkWeights.of(model), r.randomMove(), false);
            List<GameRecord> games = generation().generate(game, players, r.gamesPerRound(), roundSeed);
            int trainGames = games.size() - held;
            training.addAll(games.subList(0, trainGames));
            List<GameRecord> heldOut = games.subList(trainGames, games.size());
            double trainLoss = train(game, model, optimizer, training, roundSeed, r.trainSteps(), r, false);
            Evaluation eval = heldOutEvaluation(game, model, heldOut, roundSeed);
            LOG.info("value-selfplay round {}/{} ({}): {} games, {} training games so far, {} steps, train value loss"
                            + " {}, held-out ({} games, {} positions) value loss {}, value accuracy {}, {} s",
                    round + 1, r.rounds(), round == 0 ? "random games" : "self-play", games.size(),
                    training.size(), r.trainSteps(), fmt(trainLoss), heldOut.size(), eval.count(),
                    fmt(eval.loss().value()), fmt(eval.valueAccuracy()), seconds(started));
        }
        return new Prepared(game, r, ValueNetworkWeights.of(model), null, null, List.of());
    }

    private Prepared prepareStudy(Game game, long seed, int count, ValueSelfPlaySettings.Resolved r) {
        long started = System.nanoTime();
        List<GameRecord> output = new ArrayList<>();
        List<Kind> kinds = new ArrayList<>();
        List<DuplicateMatch.Result> matches = new ArrayList<>();
        List<GameRecord> pending = new ArrayList<>();
        ValueNetworkWeights accepted = null;
        long initSeed = GameGeneration.gameSeed(seed ^ 0x7A1E0L, 0);
        long matchSeed = GameGeneration.gameSeed(seed ^ 0x3A7C4L, 0); // the same openings every match, as in the study
        int accepts = 0;
        // Round 0 is the random bootstrap; then at most `rounds` self-play rounds.
        for (int round = 0; output.size() < count && round <= r.rounds(); round++) {
            long roundSeed = GameGeneration.gameSeed(seed ^ 0x5E1FL, round);
            boolean bootstrap = accepted == null;
            GameGenerator players = bootstrap ? new RandomGenerator() : new Trained(r, accepted, 0.0, true);
            List<GameRecord> games = generation().generate(game, players, r.gamesPerRound(), roundSeed);
            pending.addAll(games);
            if (!bootstrap) {
                add(output, kinds, games, Kind.ROUND, count);
                if (output.size() >= count) {
                    break;
                }
            }
            Transformer candidate = bootstrap ? new Transformer(game, r.shape(), 0, initSeed) : accepted.build(game);
            int held = r.heldOut(pending.size());
            List<GameRecord> training = List.copyOf(pending.subList(0, pending.size() - held));
            List<GameRecord> heldOut = List.copyOf(pending.subList(training.size(), pending.size()));
            int steps = r.trainSteps() >= 0 ? r.trainSteps()
                    : (int) Math.max(1, Math.ceil((double) POSITIONS_PER_GAME * training.size() / r.batch()));
            double trainLoss = train(game, candidate, new AdamW(candidate.parameters(), WEIGHT_DECAY), training,
                    roundSeed, steps, r, true);
            Evaluation eval = heldOutEvaluation(game, candidate, heldOut, roundSeed);
            ValueNetworkWeights trained = ValueNetworkWeights.of(candidate);
            String verdict;
            if (bootstrap) {
                accepted = trained;
                pending.clear();
                verdict = "first network";
            } else {
                List<GameRecord> match = generation().generate(game, new Match(r, trained, accepted, matchSeed),
                        2 * r.matchOpenings(), matchSeed);
                DuplicateMatch.Result result = DuplicateMatch.score(match, r.matchTest(), r.significance());
                matches.add(result);
                pending.addAll(match);
                add(output, kinds, match, Kind.MATCH, count);
                verdict = String.format(java.util.Locale.ROOT, "match: candidate won %d openings twice, the accepted"
                                + " network %d, %d washes, %s p %.4f: %s", result.candidateTwice(), result.acceptedTwice(),
                        result.washes(), r.matchTest(), result.pValue(), result.accepted() ? "accepted" : "kept the old one");
                if (result.accepted()) {
                    accepted = trained;
                    pending.clear();
                    accepts++;
                }
            }
            LOG.info("value-selfplay (study) round {}: {} {} games, {} steps on {} games, train value loss {}, held-out"
                            + " value loss {}, value accuracy {}; {}; {}/{} games, {} s", round,
                    games.size(), bootstrap ? "random" : "self-play", steps, training.size(), fmt(trainLoss),
                    fmt(eval.loss().value()), fmt(eval.valueAccuracy()), verdict, output.size(), count, seconds(started));
        }
        if (output.size() < count) {
            throw new IllegalStateException("value-selfplay made only " + output.size() + " of " + count + " games in "
                    + r.rounds() + " self-play rounds; raise the option rounds (-1: as many as needed)");
        }
        LOG.info("value-selfplay (study): {} games ({} from matches), {} networks accepted after the first",
                output.size(), kinds.stream().filter(k -> k == Kind.MATCH).count(), accepts);
        return new Prepared(game, r, accepted, List.copyOf(output), List.copyOf(kinds), List.copyOf(matches));
    }

    private static void add(List<GameRecord> output, List<Kind> kinds, List<GameRecord> games, Kind kind, int count) {
        for (GameRecord g : games) {
            if (output.size() == count) {
                return;
            }
            output.add(g);
            kinds.add(kind);
        }
    }

    private GameGeneration generation() {
        return new GameGeneration(preparingThreads, false);
    }

    /**
     * {@code steps} AdamW steps of value loss on positions of {@code games}: at a constant rate
     * (fast) or a cosine from the rate to 0 (study). Returns the mean value loss of the last tenth
     * of steps (NaN with no steps).
     */
    private static double train(Game game, Transformer model, AdamW optimizer, List<GameRecord> games, long roundSeed,
                                int steps, ValueSelfPlaySettings.Resolved r, boolean cosine) {
        if (steps == 0 || games.isEmpty()) {
            return Double.NaN;
        }
        GamePositions positions = new GamePositions(game, games, indices(games.size()), List.of(), roundSeed);
        LearningRateSchedule schedule = cosine ? new LearningRateSchedule(r.lr(), 0, steps) : null;
        int tail = Math.max(1, steps / 10);
        double sum = 0;
        for (int step = 0; step < steps; step++) {
            LossParts loss = model.trainStep(positions.sample(GameGeneration.gameSeed(roundSeed ^ 0xBA7CL, step),
                    r.batch()), VALUE_ONLY);
            if (!Double.isFinite(loss.value())) {
                throw new IllegalStateException("value-selfplay: the value loss became " + loss.value() + " at step "
                        + step + "; lower the option lr (now " + r.lr() + ")");
            }
            optimizer.step(model.gradients(), cosine ? schedule.lr(step) : r.lr());
            if (step >= steps - tail) {
                sum += loss.value();
            }
        }
        return sum / tail;
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
        return String.format(java.util.Locale.ROOT, "%.4f", v);
    }

    private static String seconds(long started) {
        return String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9);
    }

    /**
     * A player: with the fast preset, one with its own copy of the network trained by
     * {@link #prepare}; with the study preset, one that hands out the recorded games by index.
     *
     * @throws IllegalStateException before {@link #prepare}, or for another game than the one prepared for
     */
    @Override
    public GamePlayer newPlayer(Game game) {
        Prepared p = trained(game);
        if (p.games() != null) {
            List<GameRecord> games = p.games();
            return new GamePlayer() {
                @Override
                public GameRecord play(long seed) {
                    throw new IllegalStateException("the study preset hands out the games it recorded while training,"
                            + " by index: call play(index, seed)");
                }

                @Override
                public GameRecord play(int index, long seed) {
                    if (index < 0 || index >= games.size()) {
                        throw new IllegalStateException("value-selfplay recorded " + games.size() + " games; game "
                                + index + " was not prepared (call prepare with the batch's count)");
                    }
                    return games.get(index);
                }
            };
        }
        return new Trained(p.settings(), p.weights(), p.settings().randomMove(), false).newPlayer(game);
    }

    /** A player with the trained (fast) or last accepted (study) network, for tests and inspection. */
    ValueSelfPlayPlayer networkPlayer(Game game) {
        Prepared p = trained(game);
        return new Trained(p.settings(), p.weights(), p.settings().randomMove(), p.settings().firstTie()).newPlayer(game);
    }

    /** A new model holding the trained network, as each player gets it (for tests and inspection). */
    Transformer newPlayerNetwork(Game game) {
        return trained(game).weights().build(game);
    }

    /** Study preset: what each game of the prepared batch was. */
    List<Kind> kinds() {
        return prepared.kinds();
    }

    /** Study preset: the result of every match, in order. */
    List<DuplicateMatch.Result> matches() {
        return prepared.matches();
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

    /** Plays with fixed weights: the self-play rounds and, after a fast {@link #prepare}, generation. */
    private record Trained(ValueSelfPlaySettings.Resolved settings, ValueNetworkWeights weights, double randomMove,
                           boolean firstTie) implements GameGenerator {
        @Override
        public ValueSelfPlayPlayer newPlayer(Game game) {
            return new ValueSelfPlayPlayer(game, weights.build(game), settings.opening(), randomMove, firstTie);
        }
    }

    /**
     * The games of a duplicate-game match ({@link DuplicateMatch}): game {@code 2i} and {@code 2i + 1}
     * start from opening {@code i} (random plies seeded by the match seed and {@code i}), the
     * candidate vertical in the first and horizontal in the second; both networks play argmax,
     * first of equals, no random move.
     */
    private record Match(ValueSelfPlaySettings.Resolved settings, ValueNetworkWeights candidate,
                         ValueNetworkWeights accepted, long openingSeed) implements GameGenerator {
        @Override
        public GamePlayer newPlayer(Game game) {
            ValueSelfPlayPlayer c = new ValueSelfPlayPlayer(game, candidate.build(game), 0, 0.0, true);
            ValueSelfPlayPlayer a = new ValueSelfPlayPlayer(game, accepted.build(game), 0, 0.0, true);
            return new GamePlayer() {
                @Override
                public GameRecord play(long seed) {
                    throw new IllegalStateException("match games are played by index");
                }

                @Override
                public GameRecord play(int index, long seed) {
                    // Both games of a pair start from the same opening, seeded by the match and the pair alone.
                    int pair = index / 2;
                    boolean candidateVertical = index % 2 == 0;
                    SplittableRandom openingRng = new SplittableRandom(GameGeneration.gameSeed(openingSeed, pair));
                    GameState s = game.newGame();
                    MoveList moves = new MoveList();
                    int opening = RandomOpening.play(s, settings.matchOpening(), openingRng, moves);
                    SplittableRandom unused = new SplittableRandom(0); // argmax with the first of equals draws nothing
                    while (!s.isTerminal()) {
                        ValueSelfPlayPlayer mover = (s.toMove() == 0) == candidateVertical ? c : a;
                        int move = mover.chosenMove(s, unused);
                        s.play(move);
                        moves.add(move);
                    }
                    return GameRecord.of(moves.toArray(), s, opening);
                }
            };
        }
    }
}
