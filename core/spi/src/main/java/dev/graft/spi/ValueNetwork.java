package dev.graft.spi;

import java.util.List;

/**
 * A value network ({@link ValueNetworks#create}): trains on positions of game records, evaluates
 * them, and gives the value logit (log-odds that player 0 wins) of any positions. It owns mutable
 * state (its parameters, its optimiser, its buffers): use it from one thread at a time, and give
 * each other thread its own copy through {@link #weights()}.
 */
public interface ValueNetwork {

    /** How {@link #train} trains: AdamW on value cross-entropy alone. */
    record Training(int steps, int batch, double learningRate, boolean cosine, double weightDecay) {
        public Training {
            if (steps < 0 || batch < 1 || !(learningRate > 0) || weightDecay < 0) {
                throw new IllegalArgumentException("need steps ≥ 0, batch ≥ 1, learning rate > 0 and weight decay ≥ 0;"
                        + " got " + steps + ", " + batch + ", " + learningRate + ", " + weightDecay);
            }
        }
    }

    /** Value loss and accuracy on {@code positions} positions. */
    record Evaluation(long positions, double loss, double accuracy) {
    }

    ModelShape shape();

    /**
     * Takes {@code training.steps()} optimiser steps, each on a batch of positions drawn uniformly,
     * with a random symmetry, from every position of {@code games} (draws derive from {@code seed}),
     * at a constant learning rate or a cosine from it to 0 over the steps. The network keeps one AdamW
     * optimiser (made on the first call, with the first call's weight decay) across calls, so
     * training continues where it stopped. Returns the mean value loss of the last tenth of the
     * steps (at least one); NaN with no steps or no games.
     *
     * @throws IllegalStateException when the loss stops being finite (the message names the step and rate)
     */
    double train(List<GameRecord> games, long seed, Training training);

    /** Value loss and accuracy on every position of {@code games}, each once, with a symmetry drawn from {@code seed}. */
    Evaluation evaluate(List<GameRecord> games, long seed);

    /**
     * The value logits of {@code count} positions given as {@code count × game.tokens()} token ids
     * (each row a position's tokens, its last the CLS token), in forward passes of {@code chunk}
     * positions.
     */
    float[] valueLogits(byte[] tokens, int count, int chunk);

    /** A snapshot of the parameters now, immutable and safe to share between threads. */
    Weights weights();

    /** Frozen parameters of a value network. */
    interface Weights {
        /** A new network of {@code game} holding these parameters, with a fresh optimiser. */
        ValueNetwork newNetwork(Game game);
    }
}
