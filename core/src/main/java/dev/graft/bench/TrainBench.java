package dev.graft.bench;

import dev.graft.model.LossWeights;
import dev.graft.model.Transformer;
import dev.graft.spec.TrainingSpec;
import dev.graft.spi.Game;
import dev.graft.spi.ModelShape;
import dev.graft.train.AdamW;
import dev.graft.data.Batch;
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
 * <p>The AdamW update here is a minimal in-place one (β = 0.9/0.999, ε = 1e-8, and the spec's default
 * {@code training.lr}, {@code training.weight_decay} and loss weights on every parameter) so that its cost
 * is counted; the trainer's own optimiser does the same work.
 */
public final class TrainBench {
    /** The schema's default training settings: the bench trains as a spec without a training section would. */
    private static final TrainingSpec TRAINING = TrainingSpec.defaults();
    /** The seed experiment's small model. */
    public static final ModelShape SMALL = new ModelShape(128, 16, 4, 3, 512);
    /** The seed experiment's large model. */
    public static final ModelShape LARGE = new ModelShape(128, 16, 8, 6, 768);
    /** specs/quickstart.yaml's small model (6×6 board, batch {@value #QUICKSTART_SMALL_BATCH}). */
    public static final ModelShape QUICKSTART_SMALL = new ModelShape(32, 8, 4, 3, 128);
    /** specs/quickstart.yaml's large model (6×6 board, batch {@value #QUICKSTART_LARGE_BATCH}). */
    public static final ModelShape QUICKSTART_LARGE = new ModelShape(32, 8, 8, 6, 192);
    public static final int QUICKSTART_SMALL_BATCH = 128;
    public static final int QUICKSTART_LARGE_BATCH = 64;
    /** The rule of thumb behind the ceiling: a whole step runs at best at this fraction of the sgemm rate. */
    public static final double CEILING_FRACTION = 0.5;

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
        LossWeights weights = TRAINING.lossWeights(auxOutputs > 0);
        AdamW opt = new AdamW(net.parameters(), TRAINING.weightDecay());
        long peak = Pointer.physicalBytes();
        double[] rates = new double[steps];
        for (int s = 0; s < warmup + steps; s++) {
            long t0 = System.nanoTime();
            net.trainStep(data, weights);
            opt.step(net.gradients(), TRAINING.lr());
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
     * Samples/s of one training of {@code shape} (median step), labelled {@code label}, at the model's
     * default half-batch threads, or of {@code concurrent} ≥ 2 independent trainings at once, each its own
     * model on one thread (two Java threads in this JVM): then the figure is their summed samples/s.
     */
    public BenchFigure throughput(String label, ModelShape shape, int batch, int warmup, int steps, int concurrent) {
        if (batch < 1 || steps < 1 || warmup < 0 || concurrent < 1) {
            throw new IllegalArgumentException("batch, steps and concurrent must be positive and warm-up non-negative");
        }
        double[] rates = new double[concurrent];
        int[] threads = new int[1];
        if (concurrent == 1) {
            rates[0] = batch / secondsPerStep(shape, batch, warmup, steps, 0, threads);
        } else {
            List<Thread> workers = new ArrayList<>();
            RuntimeException[] failure = new RuntimeException[1];
            for (int i = 0; i < concurrent; i++) {
                int slot = i;
                Thread th = new Thread(() -> {
                    try {
                        rates[slot] = batch / secondsPerStep(shape, batch, warmup, steps, 1, new int[1]);
                    } catch (RuntimeException e) {
                        failure[0] = e;
                    }
                }, "bench-training-" + i);
                workers.add(th);
                th.start();
            }
            for (Thread th : workers) {
                try {
                    th.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while the concurrent trainings ran", e);
                }
            }
            if (failure[0] != null) {
                throw failure[0];
            }
        }
        double sum = Arrays.stream(rates).sum();
        String how = concurrent == 1
                ? String.format(Locale.ROOT, "%d half-batch threads", threads[0])
                : String.format(Locale.ROOT, "%d trainings at once, one thread each (threads in one JVM), each %s samples/s",
                        concurrent, Arrays.toString(Arrays.stream(rates).map(r -> Math.round(r * 10) / 10.0).toArray()));
        return new BenchFigure(label, sum, "samples/s", String.format(Locale.ROOT,
                "%s %dx%d board, batch %d, median of %d steps after %d warm-up, %d native threads, %s", describe(shape),
                boardSide(), boardSide(), batch, steps, warmup, Nd4j.getEnvironment().maxThreads(), how));
    }

    private int boardSide() {
        return (int) Math.round(Math.sqrt(game.tokens() - 1));
    }

    /**
     * The median wall time of one training step (forward, backward, AdamW update) of a model of
     * {@code shape} on {@code batch} random positions, after {@code warmup} untimed steps.
     */
    public double secondsPerStep(ModelShape shape, int batch, int warmup, int steps) {
        return secondsPerStep(shape, batch, warmup, steps, 0, new int[1]);
    }

    /** As above; {@code trainThreads} 1 or 2 sets the model's half-batch threads (0: its default). */
    private double secondsPerStep(ModelShape shape, int batch, int warmup, int steps, int trainThreads, int[] used) {
        if (batch < 1 || steps < 1 || warmup < 0) {
            throw new IllegalArgumentException("batch and steps must be positive and warm-up non-negative");
        }
        Transformer net = new Transformer(game, shape, auxOutputs, 42);
        if (trainThreads > 0) {
            net.setTrainThreads(trainThreads);
        }
        used[0] = net.trainThreads();
        Batch data = randomBatch(batch, new Random(7));
        LossWeights weights = TRAINING.lossWeights(auxOutputs > 0);
        AdamW opt = new AdamW(net.parameters(), TRAINING.weightDecay());
        double[] seconds = new double[steps];
        for (int s = 0; s < warmup + steps; s++) {
            long t0 = System.nanoTime();
            net.trainStep(data, weights);
            opt.step(net.gradients(), TRAINING.lr());
            if (s >= warmup) {
                seconds[s - warmup] = (System.nanoTime() - t0) / 1e9;
            }
        }
        net.releaseBuffers();
        Arrays.sort(seconds);
        return seconds[steps / 2];
    }

    /**
     * FLOPs of one training step per position (2 per multiply-add), counted as 3× the forward pass's
     * matrix products: per layer and token the fused QKV, W_O and both MLP gemms and the two attention
     * products (QKᵀ and PV over all tokens), plus the policy head's per-square W1 products; the backward
     * pass does twice the forward's products. Element-wise work and the tiny value/aux heads are not counted.
     */
    public double trainingFlopsPerSample(ModelShape s) {
        double t = game.tokens();
        double d = s.dModel();
        double he = (double) s.heads() * s.dHead();
        double perTokenLayer = 2 * d * 3 * he + 2 * he * d + 2 * 2 * d * s.dMlp() + 2 * 2 * t * he;
        double forward = s.layers() * t * perTokenLayer + t * game.squaresPerMove() * 2 * d * d + game.moves() * 2 * d;
        return 3 * forward;
    }

    /**
     * sgemm rate (GFLOP/s) of the machine as training uses it: {@code threads} Java threads at once, each
     * multiplying [rows × d_model]·[d_model × d_mlp] (the MLP's first gemm at {@code rows} = half a batch's
     * tokens) on ND4J's native threads, for about {@code seconds}.
     */
    public static double sgemmGflops(int rows, int inner, int cols, int threads, double seconds) {
        double[] flops = new double[threads];
        long[] nanos = new long[threads];
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int slot = i;
            Thread th = new Thread(() -> {
                INDArray a = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, rows, inner);
                INDArray b = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, inner, cols);
                INDArray c = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, rows, cols);
                Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
                long t0 = System.nanoTime();
                long n = 0;
                do {
                    Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
                    n++;
                } while (System.nanoTime() - t0 < seconds * 1e9);
                nanos[slot] = System.nanoTime() - t0;
                flops[slot] = 2.0 * rows * inner * cols * n;
            }, "bench-sgemm-" + i);
            workers.add(th);
            th.start();
        }
        for (Thread th : workers) {
            try {
                th.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sgemm ran", e);
            }
        }
        double rate = 0;
        for (int i = 0; i < threads; i++) {
            rate += flops[i] / nanos[i];
        }
        return rate;
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
