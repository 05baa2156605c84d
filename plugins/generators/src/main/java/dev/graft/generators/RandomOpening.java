package dev.graft.generators;

import dev.graft.spi.Game;
import dev.graft.spi.GameState;

import java.util.SplittableRandom;

/**
 * A random opening: up to {@code plies} uniformly random legal moves, stopping early rather than
 * playing a move that would end the game, so the generator's own play always has a move to make.
 */
final class RandomOpening {
    private RandomOpening() {
    }

    /**
     * The opening length for {@code requested} plies: itself when ≥ 0, else scaled from the study's
     * 16 plies on 16×16, {@code round(16·squares/256)}.
     */
    static int plies(Game game, int requested) {
        return requested >= 0 ? requested : (int) Math.round(16.0 * game.squares() / 256.0);
    }

    /** Plays the opening into {@code state} and {@code moves}; returns how many moves it played. */
    static int play(GameState state, int plies, SplittableRandom rng, MoveList moves) {
        int played = 0;
        while (played < plies && !state.isTerminal()) {
            int move = state.legalMove(rng.nextInt(state.legalMoveCount()));
            state.play(move);
            if (state.isTerminal()) {
                state.undo(move);
                break;
            }
            moves.add(move);
            played++;
        }
        return played;
    }
}
