package dev.graft.bench;

import java.util.List;

/**
 * Runs {@link TrainBench} on a test-scope 16×16 domino game (core has no Domineering plugin):
 * {@code java ... dev.graft.bench.TrainBenchMain small|large BATCH [STEPS] [WARMUP]}.
 */
public final class TrainBenchMain {
    private TrainBenchMain() {
    }

    public static void main(String[] args) {
        String model = args.length > 0 ? args[0] : "small";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        List<BenchFigure> figures = new TrainBench(new dev.graft.model.DominoGame(16, 16), 16)
                .run(model, batch, warmup, steps);
        BenchReport.print("train bench (test-scope 16x16 domino game)", figures, true, System.out);
    }
}
