package dev.graft.model;

import dev.graft.bench.TrainBench;
import dev.graft.spi.ModelShape;
import dev.graft.train.AdamW;
import dev.graft.data.Batch;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Locale;
import java.util.Map;

/**
 * Profiling aid (not a test): times each phase of full training steps of the seed's small or large
 * model on a 16×16 domino board and prints milliseconds per step by phase.
 * {@code java ... dev.graft.model.StepProfileMain small|large [BATCH] [STEPS] [WARMUP]}.
 */
public final class StepProfileMain {
    private StepProfileMain() {
    }

    public static void main(String[] args) {
        String model = args.length > 0 ? args[0] : "small";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        ModelShape shape = TrainBench.shape(model);
        DominoGame game = new DominoGame(16, 16);
        Transformer net = new Transformer(game, shape, 16, 42);
        Batch data = RandomBatches.of(game, batch, 16, 7);
        LossWeights weights = new LossWeights(1.0, 0.2, 0.8);
        AdamW opt = new AdamW(net.parameters(), 0.01);
        PhaseTimer timer = new PhaseTimer();
        long total = 0;
        for (int s = 0; s < warmup + steps; s++) {
            if (s == warmup) {
                timer.clear();
                total = 0;
            }
            long t0 = System.nanoTime();
            net.profile(timer);
            net.trainStep(data, weights);
            timer.restart();
            opt.step(net.gradients(), 2.3e-4);
            timer.mark("adamw");
            long dt = System.nanoTime() - t0;
            total += dt;
            System.out.printf(Locale.ROOT, "step %d: %.0f ms (%.1f samples/s)%n", s, dt / 1e6, batch / (dt / 1e9));
        }
        System.out.printf(Locale.ROOT, "%s batch %d, %d threads; ms per step by phase (mean of %d steps):%n",
                model, batch, Nd4j.getEnvironment().maxThreads(), steps);
        long sum = 0;
        for (Map.Entry<String, Long> e : timer.totals().entrySet()) {
            sum += e.getValue();
            System.out.printf(Locale.ROOT, "  %-26s %8.1f  %5.1f%%%n", e.getKey(), e.getValue() / 1e6 / steps,
                    100.0 * e.getValue() / total);
        }
        System.out.printf(Locale.ROOT, "  %-26s %8.1f%n  %-26s %8.1f%n", "(sum of phases)", sum / 1e6 / steps,
                "(step)", total / 1e6 / steps);
    }
}
