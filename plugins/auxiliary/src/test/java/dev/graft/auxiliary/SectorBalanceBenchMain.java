package dev.graft.auxiliary;

import dev.graft.games.domineering.DomineeringGame;
import dev.graft.games.domineering.DomineeringState;
import dev.graft.spi.GameState;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** Test-scope runner: sector-balance targets per second on random 16×16 positions, one thread. */
public final class SectorBalanceBenchMain {
    private SectorBalanceBenchMain() {
    }

    public static void main(String[] args) {
        DomineeringGame g = new DomineeringGame(args.length > 0 ? Integer.parseInt(args[0]) : 16);
        SectorBalanceTask task = new SectorBalanceTask(args.length > 1 ? Integer.parseInt(args[1]) : 4);
        SplittableRandom rng = new SplittableRandom(42);
        List<GameState> positions = new ArrayList<>();
        while (positions.size() < 4096) {
            DomineeringState s = g.newGame();
            while (!s.isTerminal()) {
                s.play(s.legalMove(rng.nextInt(s.legalMoveCount())));
                positions.add(s.copy());
            }
        }
        float[] out = new float[task.outputs(g)];
        double sink = 0;
        for (int round = 0; round < 2; round++) {
            long start = System.nanoTime();
            long deadline = start + 2_000_000_000L;
            long count = 0;
            long now = start;
            while (now < deadline) {
                for (int k = 0; k < 256; k++) {
                    task.targets(g, positions.get((int) (count++ % positions.size())), out, 0);
                    sink += out[0];
                }
                now = System.nanoTime();
            }
            System.out.printf(Locale.ROOT, "%s sector-balance S=%d: %,.0f positions/s%s%n", g, task.sector(),
                    count * 1e9 / (now - start), round == 0 ? " (warm-up)" : "");
        }
        System.out.println("(checksum " + sink + ")");
    }
}
