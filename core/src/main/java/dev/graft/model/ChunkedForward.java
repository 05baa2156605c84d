package dev.graft.model;

import dev.graft.data.Batch;
import dev.graft.spi.Game;
import dev.graft.spi.ModelShape;

import java.util.Arrays;
import java.util.List;

/**
 * Forward passes over many positions, a chunk of {@link #setChunk} positions at a time through one
 * reused workspace: evaluation (losses and accuracies), prediction with the CLS residuals, and passes
 * with hooks and interventions. Also checks what callers hand in.
 */
final class ChunkedForward {
    private final Network network;
    private final Game game;
    private final ModelShape shape;
    private final int auxOutputs;
    private final int tokens;
    private final int states;
    private int chunk = 64;

    ChunkedForward(Network network, Game game, ModelShape shape, int auxOutputs) {
        this.network = network;
        this.game = game;
        this.shape = shape;
        this.auxOutputs = auxOutputs;
        this.tokens = game.tokens();
        this.states = game.squareStates() + 1;
    }

    void setChunk(int positions) {
        if (positions < 1) {
            throw new IllegalArgumentException("evaluation chunk must be at least 1 position, got " + positions);
        }
        this.chunk = positions;
    }

    /** Positions per chunk: a pass over fewer costs as much as one over this many. */
    int chunk() {
        return chunk;
    }

    /** Loss and accuracies on {@code batch}, the position-weighted mean over chunks. */
    Evaluation evaluate(Batch batch, LossWeights weights, boolean useAux) {
        int n = batch.size();
        double value = 0;
        double policy = 0;
        double aux = 0;
        double total = 0;
        long valueCorrect = 0;
        long policyCorrect = 0;
        for (int from = 0; from < n; from += chunk) {
            int count = Math.min(chunk, n - from);
            Batch part = slice(batch, from, count);
            Workspace ws = network.workspace(chunk);
            network.refreshFused();
            network.forward(ws, batch.tokenIds(), from, count, null, null);
            double[] v = Arrays.copyOf(ws.valueOut.data().asDouble(), count);
            double[] p = Arrays.copyOf(ws.logits.data().asDouble(), count * batch.moves());
            double[] a = Arrays.copyOf(network.auxValues(ws), count * auxOutputs);
            HeadLosses l = HeadLosses.compute(part, weights, v, p, a, auxOutputs, useAux);
            LossParts lp = l.parts(weights, useAux);
            value += lp.value() * count;
            policy += lp.policy() * count;
            aux += lp.aux() * count;
            total += lp.total() * count;
            valueCorrect += l.valueCorrect;
            policyCorrect += l.policyCorrect;
        }
        return new Evaluation(new LossParts(total / n, value / n, policy / n, aux / n),
                (double) valueCorrect / n, (double) policyCorrect / n, n);
    }

    /** Outputs and CLS residuals of n positions in one pass. */
    ForwardResult predictWithResiduals(byte[] tokenIds, int n) {
        checkTokens(tokenIds, n);
        int layers = shape.layers();
        float[] value = new float[n];
        float[][] policy = new float[n][];
        float[][] aux = new float[n][];
        float[][][] cls = new float[layers][n][];
        for (int from = 0; from < n; from += chunk) {
            int count = Math.min(chunk, n - from);
            float[][][] part = new float[layers][][];
            ModelOutputs out = forwardChunk(tokenIds, from, count, part, null);
            System.arraycopy(out.value(), 0, value, from, count);
            System.arraycopy(out.policy(), 0, policy, from, count);
            System.arraycopy(out.aux(), 0, aux, from, count);
            for (int l = 0; l < layers; l++) {
                System.arraycopy(part[l], 0, cls[l], from, count);
            }
        }
        return new ForwardResult(new ModelOutputs(value, policy, aux), cls);
    }

    /** Outputs of n positions with {@code interventions} applied, showing the pass to {@code hooks}. */
    ModelOutputs forward(byte[] tokenIds, int n, List<Intervention> interventions, ForwardHooks hooks) {
        checkTokens(tokenIds, n);
        InterventionPass pass = new InterventionPass(shape, tokens, network.store().dataType(), n,
                List.copyOf(interventions), hooks);
        float[] value = new float[n];
        float[][] policy = new float[n][];
        float[][] aux = new float[n][];
        for (int from = 0; from < n; from += chunk) {
            int count = Math.min(chunk, n - from);
            pass.chunk(from, count);
            ModelOutputs out = forwardChunk(tokenIds, from, count, null, pass);
            System.arraycopy(out.value(), 0, value, from, count);
            System.arraycopy(out.policy(), 0, policy, from, count);
            System.arraycopy(out.aux(), 0, aux, from, count);
        }
        return new ModelOutputs(value, policy, aux);
    }

    private ModelOutputs forwardChunk(byte[] tokenIds, int from, int count, float[][][] clsOut, InterventionPass pass) {
        Workspace ws = network.workspace(chunk);
        network.refreshFused();
        network.forward(ws, tokenIds, from, count, clsOut, pass);
        float[] value = new float[count];
        float[] v = ws.valueOut.data().asFloat();
        System.arraycopy(v, 0, value, 0, count);
        float[] logits = ws.logits.data().asFloat();
        int moves = game.moves();
        float[][] policy = new float[count][moves];
        for (int i = 0; i < count; i++) {
            System.arraycopy(logits, i * moves, policy[i], 0, moves);
        }
        float[][] aux = new float[count][auxOutputs];
        if (auxOutputs > 0) {
            float[] a = ws.auxOut.data().asFloat();
            for (int i = 0; i < count; i++) {
                System.arraycopy(a, i * auxOutputs, aux[i], 0, auxOutputs);
            }
        }
        return new ModelOutputs(value, policy, aux);
    }

    /** A batch this model can take: its game's tokens and moves, a matching aux width, valid token ids. */
    void checkBatch(Batch batch) {
        if (batch.tokens() != tokens || batch.moves() != game.moves()) {
            throw new IllegalArgumentException("batch has " + batch.tokens() + " tokens and " + batch.moves()
                    + " moves per position, but the model's game '" + game.name() + "' has " + tokens
                    + " and " + game.moves());
        }
        if (batch.auxOutputs() != 0 && auxOutputs != 0 && batch.auxOutputs() != auxOutputs) {
            throw new IllegalArgumentException("batch has " + batch.auxOutputs() + " auxiliary targets per position,"
                    + " but the model's aux head has " + auxOutputs);
        }
        if (batch.size() < 1) {
            throw new IllegalArgumentException("batch is empty");
        }
        checkTokens(batch.tokenIds(), batch.size());
    }

    private void checkTokens(byte[] tokenIds, int n) {
        if (tokenIds.length < (long) n * tokens) {
            throw new IllegalArgumentException("token array holds " + tokenIds.length + " ids, but " + n
                    + " positions of " + tokens + " tokens need " + (long) n * tokens);
        }
        for (int i = 0; i < n * tokens; i++) {
            if (tokenIds[i] < 0 || tokenIds[i] >= states) {
                throw new IllegalArgumentException("token id " + tokenIds[i] + " at position " + (i / tokens)
                        + ", token " + (i % tokens) + " is outside 0.." + (states - 1));
            }
        }
    }

    private static Batch slice(Batch b, int from, int count) {
        byte[] t = Arrays.copyOfRange(b.tokenIds(), from * b.tokens(), (from + count) * b.tokens());
        float[] v = Arrays.copyOfRange(b.value(), from, from + count);
        int[] p = Arrays.copyOfRange(b.policy(), from, from + count);
        boolean[] legal = Arrays.copyOfRange(b.legal(), from * b.moves(), (from + count) * b.moves());
        float[] a = Arrays.copyOfRange(b.aux(), from * b.auxOutputs(), (from + count) * b.auxOutputs());
        return new Batch(count, b.tokens(), b.moves(), b.auxOutputs(), t, v, p, legal, a);
    }
}
