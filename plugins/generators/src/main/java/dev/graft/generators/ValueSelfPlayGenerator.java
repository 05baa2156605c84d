package dev.graft.generators;

import dev.graft.spi.Game;
import dev.graft.spi.GameBatches;
import dev.graft.spi.GameGenerator;
import dev.graft.spi.GameRecord;
import dev.graft.spi.PluginContext;
import dev.graft.spi.ValueNetwork;
import dev.graft.spi.ValueNetworks;

import java.util.List;

/**
 * Self-play by a value network with 1-ply lookahead ({@link ValueSelfPlayPlayer}), bootstrapped from
 * random games, in one of two presets ({@link ValueSelfPlaySettings}).
 *
 * <p><b>fast</b> ({@link FastSelfPlay}): {@link #prepare} trains the network in rounds: round 0 plays {@code games_per_round}
 * uniformly random games, each later round as many games of the current network against itself
 * (random opening and random moves as in generation). After each round's games the same network
 * (never re-initialised) takes {@code train_steps} AdamW steps on value cross-entropy alone, on
 * positions drawn uniformly with a random symmetry from <em>all</em> training games so far; a tenth
 * of each round's games (at least one) is held out and the network's value loss and accuracy on
 * their positions are logged. The batch's games are then played by the final network
 * ({@link #newPlayer} gives each worker thread its own copy).
 *
 * <p><b>study</b> ({@link StudySelfPlay}), as the original study's self-play: round 0 plays random games to train the first
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
 * ({@link GameBatches}). The preset defaults are one table ({@link ValueSelfPlayPresets}). The networks, their training and the parallel games come from the engine
 * through the {@link PluginContext} ({@link ValueNetworks}, {@link GameBatches}).
 */
public final class ValueSelfPlayGenerator implements GameGenerator {
    /** AdamW weight decay (the study's). */
    static final double WEIGHT_DECAY = 0.01;
    /** Study: one training epoch samples this many positions per training game (the study's data loader). */
    static final int POSITIONS_PER_GAME = 10;

    private final ValueSelfPlaySettings settings;
    private final SelfPlayRounds rounds;
    private volatile PreparedSelfPlay prepared;

    /** What a game of a study-preset batch was. */
    enum Kind { ROUND, MATCH }

    /** @param context the engine's services: value networks, parallel games and the log (used from {@link #prepare} on) */
    public ValueSelfPlayGenerator(ValueSelfPlaySettings settings, PluginContext context) {
        this(settings, context, Runtime.getRuntime().availableProcessors());
    }

    /** @param preparingThreads worker threads that play each round's games in {@link #prepare} */
    ValueSelfPlayGenerator(ValueSelfPlaySettings settings, PluginContext context, int preparingThreads) {
        this.settings = settings;
        this.rounds = new SelfPlayRounds(context, preparingThreads);
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
        prepared = r.study() ? StudySelfPlay.prepare(rounds, game, seed, games, r) : FastSelfPlay.prepare(rounds, game, seed, r);
    }

    /**
     * The expected work of a batch, following {@link StudySelfPlay}'s loop: study — a random round and its
     * network, then rounds of {@code games_per_round} self-play games, each (but a last one that fills the
     * batch) followed by a candidate's training and a {@code 2 × match_openings}-game match; a candidate is
     * assumed accepted, so it trains on its own round's games (ten positions per training game ÷ batch
     * steps; a rejection makes the next one train on more). Fast — its rounds of games and
     * {@code train_steps}, then the batch played by the network.
     */
    @Override
    public java.util.Optional<dev.graft.spi.PrepareWork> work(Game game, int games) {
        ValueSelfPlaySettings.Resolved r = settings.resolve(game);
        int perRound = r.gamesPerRound();
        if (r.study()) {
            long steps = r.trainSteps() >= 0 ? r.trainSteps()
                    : (long) Math.ceil((double) POSITIONS_PER_GAME * (perRound - r.heldOut(perRound)) / r.batch());
            long out = 0;
            long networkGames = 0;
            long training = steps; // the first network, on the random round
            int rounds = 0;
            while (out < games && rounds < r.rounds()) {
                rounds++;
                networkGames += perRound;
                out += perRound;
                if (out >= games) {
                    break;
                }
                training += steps;
                networkGames += 2L * r.matchOpenings();
                out += 2L * r.matchOpenings();
            }
            return java.util.Optional.of(new dev.graft.spi.PrepareWork(r.shape(), networkGames, training, r.batch(),
                    perRound, rounds + 1));
        }
        return java.util.Optional.of(new dev.graft.spi.PrepareWork(r.shape(), (long) (r.rounds() - 1) * perRound + games,
                (long) r.rounds() * r.trainSteps(), r.batch(), perRound, r.rounds() + 1));
    }

    /** The study preset plays its games in {@link #prepare} (rounds of self-play and matches): not shardable. */
    @Override
    public boolean shardable(Game game) {
        return !settings.resolve(game).study();
    }

    /**
     * A player: with the fast preset, one with its own copy of the network trained by
     * {@link #prepare}; with the study preset, one that hands out the recorded games by index.
     *
     * @throws IllegalStateException before {@link #prepare}, or for another game than the one prepared for
     */
    @Override
    public GamePlayer newPlayer(Game game) {
        PreparedSelfPlay p = trained(game);
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
        return new TrainedPlayers(p.settings(), p.weights(), p.settings().randomMove(), false).newPlayer(game);
    }

    /** A player with the trained (fast) or last accepted (study) network, for tests and inspection. */
    ValueSelfPlayPlayer networkPlayer(Game game) {
        PreparedSelfPlay p = trained(game);
        return new TrainedPlayers(p.settings(), p.weights(), p.settings().randomMove(), p.settings().firstTie())
                .newPlayer(game);
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

    private PreparedSelfPlay trained(Game game) {
        PreparedSelfPlay p = prepared;
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
}
