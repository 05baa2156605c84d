package dev.graft.games.domineering;

import dev.graft.bench.BenchReport;
import dev.graft.bench.EngineBench;

import java.time.Duration;

/**
 * Test-scope runner that prints {@link EngineBench} figures for Domineering until the CLI's
 * {@code graft bench engine} is wired: {@code java -cp <test classpath> dev.graft.games.domineering.DomineeringBenchMain [N] [seconds]}.
 */
public final class DomineeringBenchMain {
    private DomineeringBenchMain() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2.0;
        Duration window = Duration.ofMillis((long) (seconds * 1000));
        EngineBench bench = new EngineBench(EngineBench.DEFAULT_WARMUP, window);
        BenchReport.print("engine bench: domineering " + n + "×" + n, bench.run(new DomineeringGame(n), 42L),
                true, System.out);
    }
}
