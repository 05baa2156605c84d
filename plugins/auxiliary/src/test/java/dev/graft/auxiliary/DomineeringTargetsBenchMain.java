package dev.graft.auxiliary;

import dev.graft.games.domineering.DomineeringGame;
import dev.graft.games.domineering.DomineeringState;
import dev.graft.spi.AuxiliaryTask;
import dev.graft.spi.GameState;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Test-scope runner (not a test): for sector-balance, safe-moves (both layouts) and total-mobility
 * at their default scales, targets per second on one thread and the mean square of the targets (the
 * auxiliary MSE of a head that outputs 0), on positions of random 16×16 games from ply 16 on.
 * {@code java -cp … dev.graft.auxiliary.DomineeringTargetsBenchMain [N]}
 */
public final class DomineeringTargetsBenchMain {
    private DomineeringTargetsBenchMain() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        DomineeringGame g = new DomineeringGame(n);
        int opening = Math.round(16f * n * n / 256);
        SplittableRandom rng = new SplittableRandom(42);
        List<GameState> positions = new ArrayList<>();
        while (positions.size() < 8192) {
            DomineeringState s = g.newGame();
            while (!s.isTerminal()) {
                s.play(s.legalMove(rng.nextInt(s.legalMoveCount())));
                if (s.ply() >= opening) {
                    positions.add(s.copy());
                }
            }
        }
        List<AuxiliaryTask> tasks = List.of(new SectorBalanceTask(4),
                new SafeMovesTask(4, 0.1, SafeMovesTask.Layout.BALANCE),
                new SafeMovesTask(4, 0.1, SafeMovesTask.Layout.PER_SIDE),
                new TotalMobilityTask(TotalMobilityTask.DEFAULT_SCALE),
                new TotalMobilityTask(1.0));
        List<String> names = List.of("sector-balance", "safe-moves balance", "safe-moves per-side",
                "total-mobility", "total-mobility raw");
        System.out.printf(Locale.ROOT, "%d positions of random %d×%d games, plies ≥ %d%n", positions.size(), n, n, opening);
        System.out.printf(Locale.ROOT, "%-22s %8s %12s %14s%n", "task", "outputs", "mean sq", "positions/s");
        for (int t = 0; t < tasks.size(); t++) {
            AuxiliaryTask task = tasks.get(t);
            float[] out = new float[task.outputs(g)];
            double sq = 0;
            for (GameState p : positions) {
                task.targets(g, p, out, 0);
                for (float v : out) {
                    sq += v * v;
                }
            }
            double meanSquare = sq / ((double) positions.size() * out.length);
            double rate = 0;
            for (int round = 0; round < 2; round++) { // the first round warms up
                long start = System.nanoTime();
                long count = 0;
                while (System.nanoTime() - start < 1_500_000_000L) {
                    for (int k = 0; k < 256; k++) {
                        task.targets(g, positions.get((int) (count++ % positions.size())), out, 0);
                    }
                }
                rate = count * 1e9 / (System.nanoTime() - start);
            }
            System.out.printf(Locale.ROOT, "%-22s %8d %12.4f %,14.0f%n", names.get(t), out.length, meanSquare, rate);
        }
    }
}
