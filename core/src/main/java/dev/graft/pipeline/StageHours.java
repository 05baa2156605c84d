package dev.graft.pipeline;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where a run's hours went: the wall and CPU seconds each finished stage recorded in its manifest
 * ({@code "time": {"wall_s", "cpu_s"}}, written by {@link dev.graft.io.WorkClock}), summed per stage kind in the
 * order the kinds first appear in the DAG. A stage reused from the cache counts with the time it took when it
 * was made; stages sharing one artifact count once; a stage without a recorded time (made before times were
 * recorded, or not finished) counts under {@code untimed}.
 */
public final class StageHours {
    private StageHours() {
    }

    /** {@code {kind: {"stages", "wall_s", "cpu_s", "untimed"}}}, plus {@code "total"} over every kind. */
    public static Map<String, Object> of(StageGraph graph, ArtifactCache cache) {
        Map<String, double[]> sums = new LinkedHashMap<>(); // stages, wall, cpu, untimed
        Set<String> seen = new HashSet<>();
        for (Stage s : graph.order()) {
            if (!seen.add(s.key().kind() + "/" + s.key().hash())) {
                continue;
            }
            double[] sum = sums.computeIfAbsent(s.kind(), k -> new double[4]);
            sum[0]++;
            Object time = cache.manifest(s.key()).map(m -> m.get("time")).orElse(null);
            if (time instanceof Map<?, ?> t && t.get("wall_s") instanceof Number wall) {
                sum[1] += wall.doubleValue();
                sum[2] += t.get("cpu_s") instanceof Number cpu ? cpu.doubleValue() : 0;
            } else {
                sum[3]++;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        double[] total = new double[4];
        sums.forEach((kind, sum) -> {
            out.put(kind, entry(sum));
            for (int i = 0; i < 4; i++) {
                total[i] += sum[i];
            }
        });
        out.put("total", entry(total));
        return out;
    }

    private static Map<String, Object> entry(double[] sum) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stages", (long) sum[0]);
        m.put("wall_s", sum[1]);
        m.put("cpu_s", sum[2]);
        m.put("untimed", (long) sum[3]);
        return m;
    }
}
