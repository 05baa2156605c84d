package dev.graft.runner;

import dev.graft.plugin.EngineValueNetworks;
import dev.graft.spi.Game;
import dev.graft.spi.GameRecord;
import dev.graft.spi.GameState;
import dev.graft.spi.PrepareWork;
import dev.graft.spi.ValueNetwork;
import dev.graft.spi.ValueNetworks;

import java.util.List;
import java.util.Locale;

/**
 * One core's time for a generator's {@link PrepareWork} (value self-play), measured now on this machine: a
 * network game costs its child positions (the legal moves summed over its plies, from random games of the
 * same game, which stand in for self-play games) × the seconds of one position's value in a batched forward
 * pass of the network's shape; a training step is timed at the work's batch on the same random games.
 *
 * @param seconds        the total, one core
 * @param childrenPerGame child positions valued per network game
 * @param perPosition    seconds per valued position
 * @param perStep        seconds per training step
 */
record SelfPlayCost(double seconds, double childrenPerGame, double perPosition, double perStep) {
    private static final int CHUNK = 64;

    static SelfPlayCost measure(Game game, PrepareWork work, List<GameRecord> randomGames, double randomSecondsPerGame) {
        double children = 0;
        int[] legal = new int[game.moves()];
        for (GameRecord g : randomGames) {
            GameState s = game.newGame();
            for (int m : g.moves()) {
                children += s.legalMoves(legal);
                s.play(m);
            }
        }
        children /= randomGames.size();
        ValueNetwork network = new EngineValueNetworks().create(game, work.network(), 1,
                ValueNetworks.Initialisation.SMALL_NORMAL);
        byte[] tokens = new byte[CHUNK * game.tokens()];
        network.valueLogits(tokens, CHUNK, CHUNK); // warm-up
        long start = System.nanoTime();
        int passes = 3;
        for (int i = 0; i < passes; i++) {
            network.valueLogits(tokens, CHUNK, CHUNK);
        }
        double perPosition = (System.nanoTime() - start) / 1e9 / (passes * CHUNK);
        double perStep = 0;
        if (work.trainingSteps() > 0) {
            ValueNetwork.Training one = new ValueNetwork.Training(1, work.batch(), 1e-4, false, 0.01);
            network.train(randomGames, 1, one); // warm-up
            start = System.nanoTime();
            network.train(randomGames, 2, new ValueNetwork.Training(2, work.batch(), 1e-4, false, 0.01));
            perStep = (System.nanoTime() - start) / 1e9 / 2;
        }
        double seconds = work.networkGames() * children * perPosition + work.trainingSteps() * perStep
                + work.randomGames() * randomSecondsPerGame;
        return new SelfPlayCost(seconds, children, perPosition, perStep);
    }

    /** "64,224 network games × 410 children × 1.2 ms + 12,345 steps × 2.10 s". */
    String describe(PrepareWork work) {
        return String.format(Locale.ROOT, "%,d network games in %d rounds × %,.0f child positions × %.2f ms + %,d training"
                        + " steps × %.2f s", work.networkGames(), work.rounds(), childrenPerGame, perPosition * 1e3,
                work.trainingSteps(), perStep);
    }
}
