package dev.graft.bench;

import dev.graft.model.LossWeights;
import dev.graft.model.Transformer;
import dev.graft.spi.Game;
import dev.graft.spi.ModelShape;
import dev.graft.train.AdamW;
import dev.graft.train.Batch;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Training throughput of the seed's transformers: full steps (forward, backward and an AdamW update of
 * every parameter) on random positions of the given game, timed after warm-up. Reports the median
 * samples/s and the peak resident memory of the process (ND4J off-heap + Java heap).
 *
 * <p>The AdamW update here is a minimal in-place one (β = 0.9/0.999, ε = 1e-8, lr 2.3e-4, weight decay
 * 0.01 on every parameter) so that its cost is counted; the trainer's own optimiser does the same work.
 */
public final class TrainBench {
    /** The seed experiment's small model. */
    public static final ModelShape SMALL = new ModelShape(128, 16, 4, 3, 512);
    /** The seed experiment's large model. */
    public static final ModelShape LARGE = new ModelShape(128, 16, 8, 6, 768);

    private final Game game;
    private final int auxOutputs;

    /**
     * @param game       the game whose board the positions come from (Domineering 16×16 for the seed figures)
     * @param auxOutputs auxiliary outputs of the model (16 sectors on 16×16)
     */
    public TrainBench(Game game, int auxOutputs) {
        this.game = game;
        this.auxOutputs = auxOutputs;
    }

    /** The model shape called {@code small} or {@code large}. */
    public static ModelShape shape(String model) {
        return switch (model) {
            case "small" -> SMALL;
            case "large" -> LARGE;
            default -> throw new IllegalArgumentException("unknown model '" + model + "'; use small or large");
        };
    }

    /**
     * Runs {@code warmup} untimed and {@code steps} timed training steps at {@code batch} positions.
     *
     * @return {@code train-<model>} in samples/s (median step) and {@code train-<model>-peak-memory} in MiB
     */
    public List<BenchFigure> run(String model, int batch, int warmup, int steps) {
        if (batch < 1 || steps < 1 || warmup < 0) {
            throw new IllegalArgumentException("batch and steps must be positive and warm-up non-negative; got batch "
                    + batch + ", steps " + steps + ", warm-up " + warmup);
        }
        ModelShape shape = shape(model);
        Transformer net = new Transformer(game, shape, auxOutputs, 42);
        Batch data = randomBatch(batch, new Random(7));
        LossWeights weights = new LossWeights(1.0, 0.2, auxOutputs > 0 ? 0.8 : 0.0);
        AdamW opt = new AdamW(net.parameters(), 0.01);
        long peak = Pointer.physicalBytes();
        double[] rates = new double[steps];
        for (int s = 0; s < warmup + steps; s++) {
            long t0 = System.nanoTime();
            net.trainStep(data, weights);
            opt.step(net.gradients(), 2.3e-4);
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (s >= warmup) {
                rates[s - warmup] = batch / seconds;
            }
            peak = Math.max(peak, Pointer.physicalBytes());
        }
        Arrays.sort(rates);
        double median = rates[steps / 2];
        long params = net.parameters().stream().mapToLong(INDArray::length).sum();
        String detail = String.format(Locale.ROOT, "%s %s, %d params, batch %d, %d tokens, %d moves, aux %d, "
                        + "median of %d steps after %d warm-up, %d native threads, %d half-batch threads", model, describe(shape),
                params, batch, game.tokens(), game.moves(), auxOutputs, steps, warmup,
                Nd4j.getEnvironment().maxThreads(), net.trainThreads());
        Runtime rt = Runtime.getRuntime();
        String mem = String.format(Locale.ROOT, "peak resident set; now off-heap tracked %.0f MiB, heap used %.0f MiB",
                Pointer.totalBytes() / 1048576.0, (rt.totalMemory() - rt.freeMemory()) / 1048576.0);
        List<BenchFigure> out = new ArrayList<>();
        out.add(new BenchFigure("train-" + model, median, "samples/s", detail));
        out.add(new BenchFigure("train-" + model + "-peak-memory", peak / 1048576.0, "MiB", mem));
        return out;
    }

    /**
     * The median wall time of one training step (forward, backward, AdamW update) of a model of
     * {@code shape} on {@code batch} random positions, after {@code warmup} untimed steps.
     */
    public double secondsPerStep(ModelShape shape, int batch, int warmup, int steps) {
        if (batch < 1 || steps < 1 || warmup < 0) {
            throw new IllegalArgumentException("batch and steps must be positive and warm-up non-negative");
        }
        Transformer net = new Transformer(game, shape, auxOutputs, 42);
        Batch data = randomBatch(batch, new Random(7));
        LossWeights weights = new LossWeights(1.0, 0.2, auxOutputs > 0 ? 0.8 : 0.0);
        AdamW opt = new AdamW(net.parameters(), 0.01);
        double[] seconds = new double[steps];
        for (int s = 0; s < warmup + steps; s++) {
            long t0 = System.nanoTime();
            net.trainStep(data, weights);
            opt.step(net.gradients(), 2.3e-4);
            if (s >= warmup) {
                seconds[s - warmup] = (System.nanoTime() - t0) / 1e9;
            }
        }
        net.releaseBuffers();
        Arrays.sort(seconds);
        return seconds[steps / 2];
    }

    private static String describe(ModelShape s) {
        return String.format(Locale.ROOT, "(d_model %d, d_head %d, %d heads, %d layers, d_mlp %d)",
                s.dModel(), s.dHead(), s.heads(), s.layers(), s.dMlp());
    }

    /** Random square tokens, CLS last; a random half of the moves legal, the target one of them. */
    private Batch randomBatch(int size, Random rng) {
        int t = game.tokens();
        int moves = game.moves();
        byte[] tokens = new byte[size * t];
        float[] value = new float[size];
        int[] policy = new int[size];
        boolean[] legal = new boolean[size * moves];
        float[] aux = new float[size * auxOutputs];
        for (int b = 0; b < size; b++) {
            for (int i = 0; i < t - 1; i++) {
                tokens[b * t + i] = (byte) rng.nextInt(game.squareStates());
            }
            tokens[b * t + t - 1] = (byte) game.clsToken();
            for (int m = 0; m < moves; m++) {
                legal[b * moves + m] = rng.nextBoolean();
            }
            policy[b] = rng.nextInt(moves);
            legal[b * moves + policy[b]] = true;
            value[b] = rng.nextBoolean() ? 1f : 0f;
            for (int j = 0; j < auxOutputs; j++) {
                aux[b * auxOutputs + j] = (float) rng.nextGaussian();
            }
        }
        return new Batch(size, t, moves, auxOutputs, tokens, value, policy, legal, aux);
    }
}
