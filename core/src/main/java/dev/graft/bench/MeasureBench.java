package dev.graft.bench;

import dev.graft.graft.Grafter;
import dev.graft.measure.MeasurePositions;
import dev.graft.measure.MeasureSession;
import dev.graft.model.Transformer;
import dev.graft.probe.ProbeSet;
import dev.graft.spi.Game;
import dev.graft.spi.GraftPlan;
import dev.graft.spi.Measure;
import dev.graft.spi.MeasuredModel;
import dev.graft.spi.ModelShape;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The cost of one measurement pass at a probe step (docs/circuits.md): the study's small model grafted into
 * its large one by the front strategy's plan (small layer i → large layer i, heads and neurons by index), each
 * measure run on the graft as the training listener runs it, on random boards (the cost does not depend on
 * them): the grafted model's unchanged pass and the measure's own work, with the source and the step-0
 * model already measured (the listener measures them once per stage).
 */
public final class MeasureBench {
    private final Game game;
    private final int outputs;

    public MeasureBench(Game game, int outputs) {
        this.game = game;
        this.outputs = outputs;
    }

    /**
     * @param measures     name → measure, each timed on its own
     * @param trainRate    training samples/s of the large model, or 0 to leave out the share
     * @param stepsBetween training steps between two measurements (the study: 1,000)
     * @param batch        positions per training step (the study's large models: 200)
     */
    public List<BenchFigure> run(ModelShape small, ModelShape large, Map<String, Measure> measures, int positions,
                                 int repeats, double trainRate, int stepsBetween, int batch) {
        Transformer source = new Transformer(game, small, outputs, 1);
        Transformer graft = new Transformer(game, large, outputs, 2);
        List<GraftPlan.LayerCopy> copies = new ArrayList<>();
        for (int i = 0; i < small.layers(); i++) {
            copies.add(GraftPlan.LayerCopy.byIndex(i, i, small));
        }
        GraftPlan plan = new GraftPlan(copies, List.of(), true, true, true);
        Grafter.apply(plan, source, graft);
        MeasurePositions at = positions(positions, new Random(3));
        String threads = Nd4j.getEnvironment().maxThreads() + " threads";
        List<BenchFigure> out = new ArrayList<>();
        double between = trainRate > 0 ? (double) stepsBetween * batch / trainRate : 0;
        double total = 0;
        for (Map.Entry<String, Measure> m : measures.entrySet()) {
            MeasureSession session = new MeasureSession(List.of(new MeasureSession.Entry(m.getKey(), m.getValue(),
                    List.of(), List.of())), at);
            MeasuredModel sourceView = session.view(source);
            MeasuredModel startView = session.view(graft);
            session.measure("bench", 0, 0, startView, startView, Optional.of(sourceView), Optional.of(plan)); // warm-up
            double[] t = new double[repeats];
            int rows = 0;
            for (int r = 0; r < repeats; r++) {
                long t0 = System.nanoTime();
                rows = session.measure("bench", 0, 1, session.view(graft), startView, Optional.of(sourceView),
                        Optional.of(plan)).size();
                t[r] = (System.nanoTime() - t0) / 1e9;
            }
            double s = median(t);
            total += s;
            out.add(new BenchFigure("measure-" + m.getKey(), s, "s", String.format(Locale.ROOT,
                    "one pass of %s on the grafted large model, %,d positions, %d rows (its unchanged pass included);"
                            + " median of %d; %s", m.getKey(), positions, rows, repeats, threads)));
            if (between > 0) {
                out.add(new BenchFigure("measure-" + m.getKey() + "-share", 100 * s / between, "%",
                        "its time / training time between two probes"));
            }
        }
        if (between > 0) {
            out.add(new BenchFigure("train-large-between-probes", between, "s", String.format(Locale.ROOT,
                    "%,d steps × batch %d at %.2f samples/s (given)", stepsBetween, batch, trainRate)));
        }
        out.add(new BenchFigure("measure-all", total, "s", "the measures above, each with its own unchanged pass (a run"
                + " shares one pass between them, so it costs less)"));
        return out;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** Random square tokens with CLS last, Gaussian targets, random outcomes, the fixed held-out fifth. */
    private MeasurePositions positions(int n, Random rng) {
        int t = game.tokens();
        byte[] tokens = new byte[n * t];
        float[][] targets = new float[n][outputs];
        float[] outcomes = new float[n];
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < t - 1; i++) {
                tokens[b * t + i] = (byte) rng.nextInt(game.squareStates());
            }
            tokens[b * t + t - 1] = (byte) game.clsToken();
            for (int j = 0; j < outputs; j++) {
                targets[b][j] = (float) rng.nextGaussian();
            }
            outcomes[b] = rng.nextBoolean() ? 1 : 0;
        }
        return new MeasurePositions(n, tokens, targets, outcomes, ProbeSet.heldoutMask(n, 0.2, 42));
    }
}
