package dev.graft.model;

import dev.graft.spi.Game;
import dev.graft.spi.ModelShape;

/**
 * Floating-point operations of training, counted from the shapes: every matrix product of the forward pass
 * ({@link Transformer}'s blocks and {@link OutputHeads}) at 2 FLOPs per multiply-add, and the backward pass
 * as twice the forward (a gradient for the input and one for the weights of each product, each the size of
 * the forward product). Element-wise work (LayerNorm, softmax, GELU, residual adds, AdamW) is not counted:
 * for these sizes it is a few per cent of the products. The auxiliary head ({@code d_model × aux} on the
 * CLS token) is not counted either.
 *
 * <p>Per position, with t tokens, d = d_model, h heads of width e, f = d_mlp: per block, Q, K, V
 * {@code 3·2·t·d·h·e}, scores and their product with V {@code 2·2·h·t·t·e}, W_O {@code 2·t·h·e·d}, the MLP
 * {@code 2·2·t·d·f}; the heads: value {@code 2·d}, policy W1 applied to every token once per square of a move
 * ({@code 2·k·t·d·d}, k = squares per move; once for mean pooling) and W2 per move {@code 2·moves·d}.
 */
public final class TrainingFlops {
    private TrainingFlops() {
    }

    /** Forward FLOPs of one block for one position of {@code tokens} tokens. */
    public static long blockForward(ModelShape s, int tokens) {
        long t = tokens;
        long d = s.dModel();
        long he = (long) s.heads() * s.dHead();
        long qkv = 3 * 2 * t * d * he;
        long attention = 2 * 2 * t * t * he;
        long out = 2 * t * he * d;
        long mlp = 2 * 2 * t * d * s.dMlp();
        return qkv + attention + out + mlp;
    }

    /** Forward FLOPs of one position through the whole model (blocks and value and policy heads). */
    public static long forward(Game game, ModelShape s) {
        long t = game.tokens();
        long d = s.dModel();
        int squaresPerMove = PolicyPooling.of(game) == PolicyPooling.Rule.CONCAT ? game.maxSquaresPerMove() : 1;
        long heads = 2 * d + 2L * squaresPerMove * t * d * d + 2L * game.moves() * d;
        return s.layers() * blockForward(s, game.tokens()) + heads;
    }

    /** Forward and backward FLOPs of one training position: three times the forward. */
    public static long trainingPerSample(Game game, ModelShape s) {
        return 3 * forward(game, s);
    }
}
