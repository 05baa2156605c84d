package dev.graft.generators;

import dev.graft.spi.Game;
import dev.graft.spi.GameGenerator;
import dev.graft.spi.GameRecord;
import dev.graft.spi.GameState;

import java.util.SplittableRandom;

/** Plays uniformly random legal moves until the game ends. Stateless; its players keep no tables. */
public final class RandomGenerator implements GameGenerator {

    @Override
    public GamePlayer newPlayer(Game game) {
        return seed -> {
            SplittableRandom rng = new SplittableRandom(seed);
            GameState state = game.newGame();
            MoveList moves = new MoveList();
            while (!state.isTerminal()) {
                int move = state.legalMove(rng.nextInt(state.legalMoveCount()));
                state.play(move);
                moves.add(move);
            }
            return GameRecord.of(moves.toArray(), state, 0);
        };
    }
}
