package dev.graft.generators;

import dev.graft.spi.Game;
import dev.graft.spi.GameBatches;
import dev.graft.spi.GameGenerator;
import dev.graft.spi.GameRecord;
import dev.graft.spi.GameState;
import dev.graft.spi.ValueNetwork;
import dev.graft.spi.ValueNetworks;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static dev.graft.generators.SelfPlayRounds.fmt;
import static dev.graft.generators.SelfPlayRounds.seconds;

/**
 * The {@code study} preset's preparation, as the original study's self-play: round 0 plays random
 * games to train the first network (those games are not output). Each later round the accepted
 * network plays {@code games_per_round} games (random opening, then the best child by its value, the
 * first of equals, no random move); a candidate, a copy of the accepted network trained with a fresh
 * AdamW (cosine decay over the round) on the games since the last acceptance, then meets the accepted
 * network in a duplicate-game match ({@link DuplicateMatch}) and replaces it only if it wins at
 * p &lt; {@code significance}; the match games join the training games. The batch is those rounds'
 * games and match games in the order they were played, until the count asked for is reached.
 */
final class StudySelfPlay {
    private StudySelfPlay() {
    }

    static PreparedSelfPlay prepare(SelfPlayRounds rounds, Game game, long seed, int count,
                                    ValueSelfPlaySettings.Resolved r) {
        long started = System.nanoTime();
        ValueNetworks networks = rounds.context().valueNetworks();
        GameBatches batches = rounds.context().gameBatches();
        List<GameRecord> output = new ArrayList<>();
        List<ValueSelfPlayGenerator.Kind> kinds = new ArrayList<>();
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
            GameGenerator players = bootstrap ? new RandomGenerator() : new TrainedPlayers(r, accepted, 0.0, true);
            List<GameRecord> games = rounds.generate(game, players, r.gamesPerRound(), roundSeed);
            pending.addAll(games);
            if (!bootstrap) {
                add(output, kinds, games, ValueSelfPlayGenerator.Kind.ROUND, count);
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
                    : (int) Math.max(1, Math.ceil((double) ValueSelfPlayGenerator.POSITIONS_PER_GAME * training.size()
                    / r.batch()));
            double trainLoss = SelfPlayRounds.train(candidate, training, roundSeed, steps, r, true);
            ValueNetwork.Evaluation eval = candidate.evaluate(heldOut, roundSeed ^ 0xE7A1L);
            ValueNetwork.Weights trained = candidate.weights();
            String verdict;
            if (bootstrap) {
                accepted = trained;
                pending.clear();
                verdict = "first network";
            } else {
                List<GameRecord> match = rounds.generate(game, new Match(r, trained, accepted, matchSeed, batches),
                        2 * r.matchOpenings(), matchSeed);
                DuplicateMatch.Result result = DuplicateMatch.score(match, r.matchTest(), r.significance());
                matches.add(result);
                pending.addAll(match);
                add(output, kinds, match, ValueSelfPlayGenerator.Kind.MATCH, count);
                verdict = String.format(java.util.Locale.ROOT, "match: candidate won %d openings twice, the accepted"
                                + " network %d, %d washes, %s p %.4f: %s", result.candidateTwice(), result.acceptedTwice(),
                        result.washes(), r.matchTest(), result.pValue(), result.accepted() ? "accepted" : "kept the old one");
                if (result.accepted()) {
                    accepted = trained;
                    pending.clear();
                    accepts++;
                }
            }
            rounds.log("value-selfplay (study) round %d: %d %s games, %d steps on %d games, train value loss %s, held-out"
                            + " value loss %s, value accuracy %s; %s; %d/%d games, %s s", round,
                    games.size(), bootstrap ? "random" : "self-play", steps, training.size(), fmt(trainLoss),
                    fmt(eval.loss()), fmt(eval.accuracy()), verdict, output.size(), count, seconds(started));
        }
        if (output.size() < count) {
            throw new IllegalStateException("value-selfplay made only " + output.size() + " of " + count + " games in "
                    + r.rounds() + " self-play rounds; raise the option rounds (-1: as many as needed)");
        }
        rounds.log("value-selfplay (study): %d games (%d from matches), %d networks accepted after the first",
                output.size(), kinds.stream().filter(k -> k == ValueSelfPlayGenerator.Kind.MATCH).count(), accepts);
        return new PreparedSelfPlay(game, r, accepted, List.copyOf(output), List.copyOf(kinds), List.copyOf(matches));
    }

    private static void add(List<GameRecord> output, List<ValueSelfPlayGenerator.Kind> kinds, List<GameRecord> games,
                            ValueSelfPlayGenerator.Kind kind, int count) {
        for (GameRecord g : games) {
            if (output.size() == count) {
                return;
            }
            output.add(g);
            kinds.add(kind);
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
