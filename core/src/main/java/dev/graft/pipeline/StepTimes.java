package dev.graft.pipeline;

import dev.graft.bench.TrainBench;
import dev.graft.spi.Game;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Seconds per training step for cost estimates: the median of earlier runs of the same step cost
 * (every finished training artifact records its median step time in its manifest), or, when none
 * exists, a micro-benchmark measured now — {@link #BENCH_STEPS} steps on a batch of
 * at most {@link #BENCH_BATCH} random positions (after two warm-up steps), scaled linearly to the real batch. Each estimate
 * says which it is.
 */
public final class StepTimes {
    static final int BENCH_BATCH = 16;
    static final int BENCH_STEPS = 3;

    private final ArtifactCache cache;
    private final Game game;
    private final boolean measure;
    private final Map<StepCost, Estimate> known = new HashMap<>();

    /** Seconds per step and where the figure comes from. */
    public record Estimate(double seconds, String source) {
    }

    /**
     * @param game    the game the models play (for the micro-benchmark's random positions)
     * @param measure false: never benchmark (an unknown cost stays unknown)
     */
    public StepTimes(ArtifactCache cache, Game game, boolean measure) {
        this.cache = cache;
        this.game = game;
        this.measure = measure;
    }

    /** The estimate for {@code cost}, or null when unknown. */
    public Estimate perStep(StepCost cost) {
        if (known.containsKey(cost)) {
            return known.get(cost);
        }
        Estimate e = fromPriorRuns(cost);
        if (e == null && measure) {
            int batch = Math.min(cost.batch(), BENCH_BATCH);
            double s = new TrainBench(game, cost.auxOutputs()).secondsPerStep(cost.shape(), batch, 2, BENCH_STEPS);
            e = new Estimate(s * cost.batch() / batch, batch == cost.batch()
                    ? String.format(Locale.ROOT, "a micro-benchmark now (%d steps)", BENCH_STEPS)
                    : String.format(Locale.ROOT, "a micro-benchmark now (%d steps at batch %d, scaled)", BENCH_STEPS, batch));
        }
        known.put(cost, e);
        return e;
    }

    private Estimate fromPriorRuns(StepCost cost) {
        Map<String, Object> wanted = cost.toMap();
        List<Double> ms = new ArrayList<>();
        for (String kind : List.of("train-small", "train-large")) {
            for (Map<String, Object> m : cache.manifests(kind)) {
                if (wanted.equals(normalise(m.get("step_cost"))) && m.get("ms_per_step") instanceof Number n
                        && n.doubleValue() > 0) {
                    ms.add(n.doubleValue());
                }
            }
        }
        if (ms.isEmpty()) {
            return null;
        }
        ms.sort(Double::compare);
        return new Estimate(ms.get(ms.size() / 2) / 1000, "earlier runs of the same size (median step time)");
    }

    /** JSON numbers read back as Integer/Long; the wanted map holds Integers. */
    private static Object normalise(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), normalise(v)));
            return out;
        }
        if (o instanceof List<?> l) {
            return l.stream().map(StepTimes::normalise).toList();
        }
        if (o instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
            return l.intValue();
        }
        return o;
    }
}
