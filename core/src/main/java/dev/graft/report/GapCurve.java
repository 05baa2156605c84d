package dev.graft.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Gap(t) = R²(a) − R²(b) at one layer, for every seed that has probes of both conditions, at the
 * probe steps every such seed has for both (EXPERIMENT.md, Analysis), and its mean over seeds.
 *
 * @param comparison the compare entry
 * @param layer      the layer read
 * @param key        whether {@code layer} is the entry's key layer
 * @param seeds      the seeds, increasing
 * @param steps      the probe steps, increasing
 * @param perSeed    {@code perSeed[s][i]}: seed s's gap at {@code steps[i]}
 * @param mean       the mean over seeds at each step
 */
public record GapCurve(Comparison comparison, int layer, boolean key, long[] seeds, double[] steps, double[][] perSeed,
                       double[] mean) {

    /** The curve, or empty when no seed has a step with probes of both conditions. */
    public static Optional<GapCurve> of(ProbeTable probes, Comparison c, int layer, boolean key, String probe) {
        SortedSet<Long> seeds = new TreeSet<>(probes.seeds(c.a(), layer, probe));
        seeds.retainAll(probes.seeds(c.b(), layer, probe));
        SortedSet<Long> steps = null;
        for (long seed : seeds) {
            SortedSet<Long> both = new TreeSet<>(probes.series(c.a(), seed, layer, probe).keySet());
            both.retainAll(probes.series(c.b(), seed, layer, probe).keySet());
            if (steps == null) {
                steps = both;
            } else {
                steps.retainAll(both);
            }
        }
        if (steps != null) {
            // step 0 is the inherited reference (drawn on the R² plot), not a point of the gap's fit: the
            // study's curves start at the first periodic probe
            steps.remove(0L);
        }
        if (steps == null || steps.isEmpty()) {
            return Optional.empty();
        }
        List<Long> stepList = new ArrayList<>(steps);
        long[] seedArray = seeds.stream().mapToLong(Long::longValue).toArray();
        double[][] gaps = new double[seedArray.length][stepList.size()];
        double[] mean = new double[stepList.size()];
        for (int s = 0; s < seedArray.length; s++) {
            NavigableMap<Long, Double> ra = probes.series(c.a(), seedArray[s], layer, probe);
            NavigableMap<Long, Double> rb = probes.series(c.b(), seedArray[s], layer, probe);
            for (int i = 0; i < stepList.size(); i++) {
                gaps[s][i] = ra.get(stepList.get(i)) - rb.get(stepList.get(i));
                mean[i] += gaps[s][i] / seedArray.length;
            }
        }
        double[] t = stepList.stream().mapToDouble(Long::doubleValue).toArray();
        return Optional.of(new GapCurve(c, layer, key, seedArray, t, gaps, mean));
    }

    /** The last step's mean gap. */
    public double lastMean() {
        return mean[mean.length - 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GapCurve g && comparison.equals(g.comparison) && layer == g.layer && key == g.key
                && Arrays.equals(seeds, g.seeds) && Arrays.equals(steps, g.steps) && Arrays.deepEquals(perSeed, g.perSeed);
    }

    @Override
    public int hashCode() {
        return comparison.hashCode() * 31 + layer;
    }
}
