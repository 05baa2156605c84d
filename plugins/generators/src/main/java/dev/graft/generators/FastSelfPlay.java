package dev.graft.generators;

import dev.graft.spi.Game;
import dev.graft.spi.GameBatches;
import dev.graft.spi.GameGenerator;
import dev.graft.spi.GameRecord;
import dev.graft.spi.ValueNetwork;
import dev.graft.spi.ValueNetworks;

import java.util.ArrayList;
import java.util.List;

import static dev.graft.generators.SelfPlayRounds.fmt;
import static dev.graft.generators.SelfPlayRounds.seconds;

/**
 * The {@code fast} preset's preparation: one network trained in rounds. Round 0 plays
 * {@code games_per_round} uniformly random games, each later round as many games of the current
 * network against itself (random opening and random moves as in generation). After each round's
 * games the same network (never re-initialised) takes {@code train_steps} AdamW steps on value
 * cross-entropy alone, on positions drawn uniformly with a random symmetry from <em>all</em> training
 * games so far; a tenth of each round's games (at least one) is held out and the network's value loss
 * and accuracy on their positions are logged. The batch's games are then played by the final network.
 */
final class FastSelfPlay {
    private FastSelfPlay() {
    }

    static PreparedSelfPlay prepare(SelfPlayRounds rounds, Game game, long seed, ValueSelfPlaySettings.Resolved r) {
        long started = System.nanoTime();
        ValueNetworks networks = rounds.context().valueNetworks();
        GameBatches batches = rounds.context().gameBatches();
        // The fast preset's network keeps the initialisation its cached games were made with.
        ValueNetwork model = networks.create(game, r.shape(), batches.gameSeed(seed ^ 0x7A1E0L, 0),
                ValueNetworks.Initialisation.SMALL_NORMAL);
        List<GameRecord> training = new ArrayList<>();
        int held = r.heldOut(r.gamesPerRound());
        for (int round = 0; round < r.rounds(); round++) {
            long roundSeed = batches.gameSeed(seed ^ 0x5E1FL, round);
            GameGenerator players = round == 0 ? new RandomGenerator()
                    : new TrainedPlayers(r, model.weights(), r.randomMove(), false);
            List<GameRecord> games = rounds.generate(game, players, r.gamesPerRound(), roundSeed);
            int trainGames = games.size() - held;
            training.addAll(games.subList(0, trainGames));
            List<GameRecord> heldOut = games.subList(trainGames, games.size());
            double trainLoss = SelfPlayRounds.train(model, training, roundSeed, r.trainSteps(), r, false);
            ValueNetwork.Evaluation eval = model.evaluate(heldOut, roundSeed ^ 0xE7A1L);
            rounds.log("value-selfplay round %d/%d (%s): %d games, %d training games so far, %d steps, train value loss"
                            + " %s, held-out (%d games, %d positions) value loss %s, value accuracy %s, %s s",
                    round + 1, r.rounds(), round == 0 ? "random games" : "self-play", games.size(),
                    training.size(), r.trainSteps(), fmt(trainLoss), heldOut.size(), eval.positions(),
                    fmt(eval.loss()), fmt(eval.accuracy()), seconds(started));
        }
        return new PreparedSelfPlay(game, r, model.weights(), null, null, List.of());
    }
}
