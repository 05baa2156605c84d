package dev.graft.bench;

import dev.graft.model.Transformer;
import dev.graft.probe.ProbeSet;
import dev.graft.spi.Game;
import dev.graft.spi.ModelShape;
import dev.graft.spi.Probe;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The cost of one periodic probe of the study: a forward pass over the probe set giving every layer's
 * CLS residual, then the probe and its shuffled control fitted at every layer (what
 * {@link dev.graft.probe.ProbeSession#periodic} does); optionally, the one-pass forward against the
 * two passes {@code graft predict} used to run (outputs, then residuals). Positions are random boards
 * (the cost does not depend on them), targets Gaussian.
 */
public final class ProbeBench {
    private final Game game;
    private final int outputs;

    /**
     * @param game    the game whose board the positions have
     * @param outputs target values per position (16 sectors on 16×16)
     */
    public ProbeBench(Game game, int outputs) {
        this.game = game;
        this.outputs = outputs;
    }

    /**
     * Times {@code repeats} periodic probes of {@code probe} on {@code positions} positions at every layer
     * of a {@code shape} model (after a one-chunk warm-up); medians are reported.
     *
     * @param twoPasses    also time two forward passes (graft predict before the one-pass forward)
     * @param trainRate    training samples/s of that model, or 0 to leave out the share of training time
     * @param stepsBetween training steps between two probes (the study: 1,000)
     * @param batch        positions per training step (the study's large models: 200)
     */
    public List<BenchFigure> run(String model, ModelShape shape, Probe probe, int positions,
                                 int repeats, boolean twoPasses, double trainRate, int stepsBetween, int batch) {
        if (positions < 2 || repeats < 1) {
            throw new IllegalArgumentException("need at least 2 positions and 1 repeat, got " + positions + " and " + repeats);
        }
        Transformer net = new Transformer(game, shape, 0, 42);
        ProbeSet set = randomSet(positions, new Random(3));
        // warm-up: one evaluation chunk allocates the buffers every timed pass reuses
        net.predictWithResiduals(set.prefix(Math.min(positions, 64)).tokenIds(), Math.min(positions, 64));
        boolean[] mask = ProbeSet.heldoutMask(positions, probe.heldoutFraction(), 42);
        float[][] shuffled = ProbeSet.shuffledTargets(set.targets(), 42);
        double[] forward = new double[repeats];
        double[] fitting = new double[repeats];
        double[] twoPass = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            float[][][] residuals = net.predictWithResiduals(set.tokenIds(), positions).clsResiduals();
            long t1 = System.nanoTime();
            // what ProbeSession does with them: the probe and its shuffled control at every layer
            for (float[][] layer : residuals) {
                probe.fit(layer, set.targets(), mask);
                probe.fit(layer, shuffled, mask);
            }
            long t2 = System.nanoTime();
            forward[r] = (t1 - t0) / 1e9;
            fitting[r] = (t2 - t1) / 1e9;
            if (twoPasses) {
                net.predictWithResiduals(set.tokenIds(), positions);
                net.predictWithResiduals(set.tokenIds(), positions);
                twoPass[r] = (System.nanoTime() - t2) / 1e9;
            }
        }
        double f = median(forward);
        double fits = median(fitting);
        double t = f + fits;
        String threads = Nd4j.getEnvironment().maxThreads() + " threads";
        List<BenchFigure> out = new ArrayList<>();
        out.add(new BenchFigure("probe-" + model + "-forward", f, "s", String.format(Locale.ROOT,
                "one forward pass over %,d positions, every layer's CLS residual; median of %d; %s", positions,
                repeats, threads)));
        out.add(new BenchFigure("probe-" + model + "-fits", fits, "s", String.format(Locale.ROOT,
                "%d fits (%d layers × probe + shuffled control) of %s", 2 * shape.layers(), shape.layers(), probe)));
        out.add(new BenchFigure("probe-" + model, t, "s", "one periodic probe: forward + fits"));
        out.add(new BenchFigure("predict-" + model + "-one-pass", positions / f, "positions/s",
                "outputs and residuals from one forward pass (graft predict now)"));
        if (twoPasses) {
            out.add(new BenchFigure("predict-" + model + "-two-passes", positions / median(twoPass), "positions/s",
                    "outputs, then residuals, each its own forward pass (graft predict before)"));
        }
        if (trainRate > 0) {
            double between = (double) stepsBetween * batch / trainRate;
            out.add(new BenchFigure("train-" + model + "-between-probes", between, "s", String.format(Locale.ROOT,
                    "%,d steps × batch %d at %.2f samples/s (given)", stepsBetween, batch, trainRate)));
            out.add(new BenchFigure("probe-" + model + "-share", 100 * t / between, "%",
                    "probe time / training time between two probes"));
        }
        return out;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** Random square tokens with CLS last; Gaussian targets. */
    private ProbeSet randomSet(int n, Random rng) {
        int t = game.tokens();
        byte[] tokens = new byte[n * t];
        float[][] targets = new float[n][outputs];
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < t - 1; i++) {
                tokens[b * t + i] = (byte) rng.nextInt(game.squareStates());
            }
            tokens[b * t + t - 1] = (byte) game.clsToken();
            for (int j = 0; j < outputs; j++) {
                targets[b][j] = (float) rng.nextGaussian();
            }
        }
        return new ProbeSet(t, tokens, targets, new dev.graft.data.PositionRef[0]);
    }
}
