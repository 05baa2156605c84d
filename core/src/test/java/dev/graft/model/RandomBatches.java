package dev.graft.model;

import dev.graft.spi.Game;
import dev.graft.spi.GameState;
import dev.graft.data.Batch;

import java.util.Random;

/** Batches of real positions from random play of a test game, with made-up value and aux targets. */
final class RandomBatches {
    private RandomBatches() {
    }

    static Batch of(Game game, int size, int auxOutputs, long seed) {
        Random rng = new Random(seed);
        int t = game.tokens();
        int moves = game.moves();
        byte[] tokens = new byte[size * t];
        float[] value = new float[size];
        int[] policy = new int[size];
        boolean[] legal = new boolean[size * moves];
        float[] aux = new float[size * auxOutputs];
        int[] buf = new int[moves];
        for (int b = 0; b < size; b++) {
            GameState s = game.newGame();
            int plies = rng.nextInt(4);
            for (int p = 0; p < plies; p++) {
                int move = buf[rng.nextInt(s.legalMoves(buf))];
                s.play(move);
                if (s.legalMoveCount() == 0) {
                    s.undo(move);
                    break;
                }
            }
            int n = s.legalMoves(buf);
            s.tokens(tokens, b * t);
            tokens[b * t + t - 1] = (byte) game.clsToken();
            for (int i = 0; i < n; i++) {
                legal[b * moves + buf[i]] = true;
            }
            policy[b] = buf[rng.nextInt(n)];
            value[b] = rng.nextBoolean() ? 1f : 0f;
            for (int j = 0; j < auxOutputs; j++) {
                aux[b * auxOutputs + j] = (float) rng.nextGaussian();
            }
        }
        return new Batch(size, t, moves, auxOutputs, tokens, value, policy, legal, aux);
    }
}
