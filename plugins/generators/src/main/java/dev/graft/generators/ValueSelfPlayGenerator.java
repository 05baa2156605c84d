package dev.graft.generators;

import dev.graft.spi.Game;
import dev.graft.spi.GameBatches;
import dev.graft.spi.GameGenerator;
import dev.graft.spi.GameRecord;
import dev.graft.spi.GameState;
import dev.graft.spi.PluginContext;
import dev.graft.spi.ValueNetwork;
import dev.graft.spi.ValueNetworks;

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
 * ({@link GameBatches}). The networks, their training and the parallel games come from the engine
 * through the {@link PluginContext} ({@link ValueNetworks}, {@link GameBatches}).
 */
public final class ValueSelfPlayGenerator implements GameGenerator {
    /** AdamW weight decay (the study's). */
    static final double WEIGHT_DECAY = 0.01;
    /** Study: one training epoch samples this many positions per training game (the study's data loader). */
    static final int POSITIONS_PER_GAME = 10;

    private final ValueSelfPlaySettings settings;
    private final PluginContext context;
    private final int preparingThreads;
    private volatile Prepared prepared;

    /** What a game of a study-preset batch was. */
    enum Kind { ROUND, MATCH }

    /**
     * What {@link #prepare} made: the network for {@link #newPlayer} (fast), or the recorded games
     * (study) with what each was and the match results.
     */
    private record Prepared(Game game, ValueSelfPlaySettings.Resolved settings, ValueNetwork.Weights weights,
                            List<GameRecord> games, List<Kind> kinds, List<DuplicateMatch.Result> matches) {
    }

    /** @param context the engine's services: value networks, parallel games and the log (used from {@link #prepare} on) */
    public ValueSelfPlayGenerator(ValueSelfPlaySettings settings, PluginContext context) {
        this(settings, context, Runtime.getRuntime().availableProcessors());
    }

    /** @param preparingThreads worker threads that play each round's games in {@link #prepare} */
    ValueSelfPlayGenerator(ValueSelfPlaySettings settings, PluginContext context, int preparingThreads) {
        this.settings = settings;
        this.context = context;
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
        ValueNetworks networks = context.valueNetworks();
        GameBatches batches = context.gameBatches();
        // The fast preset's network keeps the initialisation its cached games were made with.
        ValueNetwork model = networks.create(game, r.shape(), batches.gameSeed(seed ^ 0x7A1E0L, 0),
                ValueNetworks.Initialisation.SMALL_NORMAL);
        List<GameRecord> training = new ArrayList<>();
        int held = r.heldOut(r.gamesPerRound());
        for (int round = 0; round < r.rounds(); round++) {
            long roundSeed = batches.gameSeed(seed ^ 0x5E1FL, round);
            GameGenerator players = round == 0 ? new RandomGenerator()
                    : new Trained(r, model.weights(), r.randomMove(), false);
            List<GameRecord> games = generate(game, players, r.gamesPerRound(), roundSeed);
            int trainGames = games.size() - held;
            training.addAll(games.subList(0, trainGames));
            List<GameRecord> heldOut = games.subList(trainGames, games.size());
            double trainLoss = train(model, training, roundSeed, r.trainSteps(), r, false);
            ValueNetwork.Evaluation eval = model.evaluate(heldOut, roundSeed ^ 0xE7A1L);
            log("value-selfplay round %d/%d (%s): %d games, %d training games so far, %d steps, train value loss"
                            + " %s, held-out (%d games, %d positions) value loss %s, value accuracy %s, %s s",
                    round + 1, r.rounds(), round == 0 ? "random games" : "self-play", games.size(),
                    training.size(), r.trainSteps(), fmt(trainLoss), heldOut.size(), eval.positions(),
                    fmt(eval.loss()), fmt(eval.accuracy()), seconds(started));
        }
        return new Prepared(game, r, model.weights(), null, null, List.of());
    }

    private Prepared prepareStudy(Game game, long seed, int count, ValueSelfPlaySettings.Resolved r) {
        long started = System.nanoTime();
        ValueNetworks networks = context.valueNetworks();
        GameBatches batches = context.gameBatches();
        List<GameRecord> output = new ArrayList<>();
        List<Kind> kinds = new ArrayList<>();
        List<DuplicateMatch.Result> matches = new ArrayList<>();
        List<GameRecord> pending = new ArrayList<>();
        ValueNetwork.Weights accepted = null;
        long initSeed = batches.gameSeed(seed ^ 0x7A1E0L, 0);
        long matchSeed = batches.gameSeed(seed ^ 0x3A7C4L, 0); // the same openings every match, as in the study
        int accepts = 0;
        // Round 0 is the random bootstrap; then at most `rounds` self-play rounds.
        for (int round = 0; output.size() < count && round <= r.rounds(); round++) {
            long roundSeed = batches.gameSeed(seed ^ 0x5E1FL, round);
            boolean bootstrap = accepted == null;
            GameGenerator players = bootstrap ? new RandomGenerator() : new Trained(r, accepted, 0.0, true);
            List<GameRecord> games = generate(game, players, r.gamesPerRound(), roundSeed);
            pending.addAll(games);
            if (!bootstrap) {
                add(output, kinds, games, Kind.ROUND, count);
                if (output.size() >= count) {
                    break;
                }
            }
            ValueNetwork candidate = bootstrap
                    ? networks.create(game, r.shape(), initSeed, ValueNetworks.Initialisation.STUDY)
                    : accepted.newNetwork(game);
            int held = r.heldOut(pending.size());
            List<GameRecord> training = List.copyOf(pending.subList(0, pending.size() - held));
            List<GameRecord> heldOut = List.copyOf(pending.subList(training.size(), pending.size()));
            int steps = r.trainSteps() >= 0 ? r.trainSteps()
                    : (int) Math.max(1, Math.ceil((double) POSITIONS_PER_GAME * training.size() / r.batch()));
            double trainLoss = train(candidate, training, roundSeed, steps, r, true);
            ValueNetwork.Evaluation eval = candidate.evaluate(heldOut, roundSeed ^ 0xE7A1L);
            ValueNetwork.Weights trained = candidate.weights();
            String verdict;
            if (bootstrap) {
                accepted = trained;
                pending.clear();
                verdict = "first network";
            } else {
                List<GameRecord> match = generate(game, new Match(r, trained, accepted, matchSeed, batches),
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
            log("value-selfplay (study) round %d: %d %s games, %d steps on %d games, train value loss %s, held-out"
                            + " value loss %s, value accuracy %s; %s; %d/%d games, %s s", round,
                    games.size(), bootstrap ? "random" : "self-play", steps, training.size(), fmt(trainLoss),
                    fmt(eval.loss()), fmt(eval.accuracy()), verdict, output.size(), count, seconds(started));
        }
        if (output.size() < count) {
            throw new IllegalStateException("value-selfplay made only " + output.size() + " of " + count + " games in "
                    + r.rounds() + " self-play rounds; raise the option rounds (-1: as many as needed)");
        }
        log("value-selfplay (study): %d games (%d from matches), %d networks accepted after the first",
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

    private List<GameRecord> generate(Game game, GameGenerator players, int count, long seed) {
        return context.gameBatches().generate(game, players, count, seed, preparingThreads);
    }

    /**
     * {@code steps} AdamW steps of value loss on positions of {@code games}: at a constant rate
     * (fast) or a cosine from the rate to 0 (study). Returns the mean value loss of the last tenth
     * of steps (NaN with no steps).
     */
    private static double train(ValueNetwork model, List<GameRecord> games, long roundSeed, int steps,
                                ValueSelfPlaySettings.Resolved r, boolean cosine) {
        try {
            return model.train(games, roundSeed, new ValueNetwork.Training(steps, r.batch(), r.lr(), cosine,
                    WEIGHT_DECAY));
        } catch (IllegalStateException e) {
            throw new IllegalStateException("value-selfplay: " + e.getMessage() + " (the option lr, now " + r.lr()
                    + ")", e);
        }
    }

    private void log(String format, Object... args) {
        context.log(ValueSelfPlayGenerator.class).info(String.format(java.util.Locale.ROOT, format, args));
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

    /** A new network holding the trained one, as each player gets it (for tests and inspection). */
    ValueNetwork newPlayerNetwork(Game game) {
        return trained(game).weights().newNetwork(game);
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
    private record Trained(ValueSelfPlaySettings.Resolved settings, ValueNetwork.Weights weights, double randomMove,
                           boolean firstTie) implements GameGenerator {
        @Override
        public ValueSelfPlayPlayer newPlayer(Game game) {
            return new ValueSelfPlayPlayer(game, weights.newNetwork(game), settings.opening(), randomMove, firstTie);
        }
    }

    /**
     * The games of a duplicate-game match ({@link DuplicateMatch}): game {@code 2i} and {@code 2i + 1}
     * start from opening {@code i} (random plies seeded by the match seed and {@code i}), the
     * candidate vertical in the first and horizontal in the second; both networks play argmax,
     * first of equals, no random move.
     */
    private record Match(ValueSelfPlaySettings.Resolved settings, ValueNetwork.Weights candidate,
                         ValueNetwork.Weights accepted, long openingSeed, GameBatches batches) implements GameGenerator {
        @Override
        public GamePlayer newPlayer(Game game) {
            ValueSelfPlayPlayer c = new ValueSelfPlayPlayer(game, candidate.newNetwork(game), 0, 0.0, true);
            ValueSelfPlayPlayer a = new ValueSelfPlayPlayer(game, accepted.newNetwork(game), 0, 0.0, true);
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
                    SplittableRandom openingRng = new SplittableRandom(batches.gameSeed(openingSeed, pair));
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
