package dev.graft.pipeline;

import dev.graft.model.AttentionProjection;
import dev.graft.model.ModelOutputs;
import dev.graft.model.Transformer;
import dev.graft.spi.GraftPlan;
import dev.graft.spi.ModelShape;
import org.jetbrains.bio.npy.NpyFile;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

/**
 * The one place the pipeline grafts a small model into a large one and verifies the result
 * ({@link GraftStage} calls nothing else). This is a minimal stand-in for the graft library
 * ({@code dev.graft.graft.Grafter.apply} and {@code GraftVerifier.verify}); swapping it in means
 * replacing the bodies of {@link #graftInto} and {@link #verify}.
 *
 * <p>What it does with a {@link GraftPlan}: embeddings, final LayerNorm and heads copied when the
 * plan says so; for each copied layer, both LayerNorms, the small heads' W_Q/W_K/W_V/W_O into heads
 * {@code 0…h_small−1}, the small neurons' W_in columns, b_in and W_out rows into neurons
 * {@code 0…m_small−1}, and b_out; the large layer's other heads get W_O = 0 and its other neurons
 * W_out rows = 0 (their input weights stay random); silenced layers get every W_O, W_out and b_out
 * zeroed so they pass the residual stream through.
 */
final class GraftOperation {
    /** Largest difference allowed between the small model and the grafted one (EXPERIMENT.md: 1e-5). */
    static final double TOLERANCE = 1e-5;

    private GraftOperation() {
    }

    /** Writes {@code small} into {@code large} (in place) as {@code plan} says. */
    static void graftInto(GraftPlan plan, Transformer small, Transformer large) {
        ModelShape s = small.shape();
        ModelShape l = large.shape();
        if (s.dModel() != l.dModel() || s.dHead() != l.dHead() || s.heads() > l.heads() || s.dMlp() > l.dMlp()) {
            throw new IllegalArgumentException("cannot graft " + s + " into " + l);
        }
        if (plan.copyEmbeddings()) {
            copy(small, large, "embed.W_state");
            copy(small, large, "pos_embed.W_pos");
        }
        for (GraftPlan.LayerCopy c : plan.copies()) {
            String from = "blocks." + c.smallLayer() + ".";
            String to = "blocks." + c.largeLayer() + ".";
            for (String p : List.of("ln1.w", "ln1.b", "ln2.w", "ln2.b", "mlp.b_out")) {
                large.parameter(to + p).assign(small.parameter(from + p));
            }
            for (AttentionProjection projection : AttentionProjection.values()) {
                for (int h = 0; h < l.heads(); h++) {
                    INDArray target = large.head(projection, c.largeLayer(), h);
                    if (h < s.heads()) {
                        target.assign(small.head(projection, c.smallLayer(), h));
                    } else if (projection == AttentionProjection.O) {
                        target.assign(0); // a fresh head adds nothing to the stream
                    }
                }
            }
            large.parameter(to + "mlp.W_in").get(all(), interval(0, s.dMlp())).assign(small.parameter(from + "mlp.W_in"));
            large.parameter(to + "mlp.b_in").get(interval(0, s.dMlp())).assign(small.parameter(from + "mlp.b_in"));
            large.parameter(to + "mlp.W_out").get(interval(0, s.dMlp()), all()).assign(small.parameter(from + "mlp.W_out"));
            if (l.dMlp() > s.dMlp()) {
                large.parameter(to + "mlp.W_out").get(interval(s.dMlp(), l.dMlp()), all()).assign(0);
            }
        }
        for (int layer : plan.silencedLayers()) {
            String to = "blocks." + layer + ".";
            large.parameter(to + "attn.W_O").assign(0);
            large.parameter(to + "mlp.W_out").assign(0);
            large.parameter(to + "mlp.b_out").assign(0);
        }
        if (plan.copyFinalNorm()) {
            copy(small, large, "ln_final.w");
            copy(small, large, "ln_final.b");
        }
        if (plan.copyHeads()) {
            for (String p : List.of("value.W", "value.b", "policy.W1", "policy.b1", "policy.W2", "policy.b2")) {
                copy(small, large, p);
            }
            if (small.auxOutputs() > 0 && small.auxOutputs() == large.auxOutputs()) {
                copy(small, large, "aux.W");
                copy(small, large, "aux.b");
            }
        }
    }

    private static void copy(Transformer small, Transformer large, String name) {
        large.parameter(name).assign(small.parameter(name));
    }

    /**
     * Compares the small model and the freshly grafted large one on {@code boards} random boards:
     * the CLS residual after each copied layer (written to {@code checkDir} as
     * {@code small_layer<k>.npy} and {@code large_layer<k>.npy}, k the large layer) and the value,
     * policy and auxiliary outputs of the large model cut after its last copied layer.
     *
     * @param demandEquality true for a strategy that preserves the function: a difference above
     *                       {@link #TOLERANCE} is then an error
     * @return the largest differences found, by what was compared
     * @throws GraftCheckFailedException naming the layer or output that differs, and by how much
     */
    static Map<String, Double> verify(GraftPlan plan, Transformer small, Transformer large, int boards, long seed,
                                      Path checkDir, boolean demandEquality) throws IOException {
        byte[] tokens = randomBoards(small, boards, seed);
        float[][][] smallStream = small.clsResiduals(tokens, boards);
        float[][][] largeStream = large.clsResiduals(tokens, boards);
        Files.createDirectories(checkDir);
        Map<String, Double> differences = new LinkedHashMap<>();
        String failure = null;
        int deepest = -1;
        for (GraftPlan.LayerCopy c : plan.copies()) {
            float[] a = flat(smallStream[c.smallLayer()]);
            float[] b = flat(largeStream[c.largeLayer()]);
            int[] shape = {boards, small.shape().dModel()};
            NpyFile.write(checkDir.resolve("small_layer" + c.largeLayer() + ".npy"), a, shape, ByteOrder.LITTLE_ENDIAN);
            NpyFile.write(checkDir.resolve("large_layer" + c.largeLayer() + ".npy"), b, shape, ByteOrder.LITTLE_ENDIAN);
            double d = maxDifference(a, b);
            differences.put("residual_layer" + c.largeLayer(), d);
            if (failure == null && d > TOLERANCE) {
                failure = "the CLS residual after large layer " + c.largeLayer() + " (small layer " + c.smallLayer()
                        + ") differs from the small model's by up to " + String.format(java.util.Locale.ROOT, "%.3g", d);
            }
            deepest = Math.max(deepest, c.largeLayer());
        }
        if (deepest >= 0 && plan.copyFinalNorm() && plan.copyHeads()) {
            Transformer cut = truncated(large, deepest + 1);
            ModelOutputs expected = small.predict(tokens, boards);
            ModelOutputs got = cut.predict(tokens, boards);
            double value = maxDifference(expected.value(), got.value());
            double policy = maxDifference(flat(expected.policy()), flat(got.policy()));
            double aux = maxDifference(flat(expected.aux()), flat(got.aux()));
            differences.put("value", value);
            differences.put("policy", policy);
            differences.put("aux", aux);
            for (var e : Map.of("value", value, "policy", policy, "auxiliary", aux).entrySet()) {
                if (failure == null && e.getValue() > TOLERANCE) {
                    failure = "the " + e.getKey() + " outputs of the large model cut after layer " + deepest
                            + " differ from the small model's by up to "
                            + String.format(java.util.Locale.ROOT, "%.3g", e.getValue());
                }
            }
            cut.releaseBuffers();
        }
        if (demandEquality && failure != null) {
            throw new GraftCheckFailedException(failure + " (allowed: " + TOLERANCE + "); the graft did not copy the "
                    + "small model exactly. Residuals are in " + checkDir);
        }
        return differences;
    }

    /** {@code large} with only its first {@code layers} blocks (then its final LayerNorm and heads). */
    private static Transformer truncated(Transformer large, int layers) {
        ModelShape s = large.shape();
        Transformer cut = new Transformer(large.game(), new ModelShape(s.dModel(), s.dHead(), s.heads(), layers, s.dMlp()),
                large.auxOutputs(), 0);
        for (String name : cut.parameterNames()) {
            cut.parameter(name).assign(large.parameter(name));
        }
        return cut;
    }

    /** Random tokens on every square (any state), the CLS token last. */
    private static byte[] randomBoards(Transformer model, int boards, long seed) {
        var game = model.game();
        int t = game.tokens();
        byte[] tokens = new byte[boards * t];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int b = 0; b < boards; b++) {
            for (int i = 0; i < t - 1; i++) {
                tokens[b * t + i] = (byte) rng.nextInt(game.squareStates());
            }
            tokens[b * t + t - 1] = (byte) game.clsToken();
        }
        return tokens;
    }

    private static float[] flat(float[][] rows) {
        int width = rows.length == 0 ? 0 : rows[0].length;
        float[] out = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * width, width);
        }
        return out;
    }

    private static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }

    /** A graft that should have preserved the small model's function did not. */
    static final class GraftCheckFailedException extends RuntimeException {
        GraftCheckFailedException(String message) {
            super(message);
        }
    }
}
