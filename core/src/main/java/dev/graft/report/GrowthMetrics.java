package dev.graft.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.graft.model.TrainingFlops;
import dev.graft.plugin.PluginCatalog;
import dev.graft.spi.Game;
import dev.graft.spi.ModelShape;
import dev.graft.spi.Options;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The measures growth papers report, per grafted condition against the baseline (the first large condition
 * without a graft), from the quick-validation losses in metrics.jsonl: for three target losses — the
 * baseline's final validation loss and its loss at 50 % and 90 % of its training — the steps, training
 * samples and FLOPs ({@link TrainingFlops}) each needs to first reach it, the speed-up (baseline steps ÷
 * grafted steps, means over seeds) with a percentile bootstrap interval over seeds; the loss just before
 * grafting (the source small model's last full validation, else its last quick one) and just after (the
 * grafted model's quick validation at step 0: other positions, so the two agree only on average); and the
 * total cost including the small model's training; and each grafted condition's speed-up over each other one
 * to the baseline's final loss. Steps are known only at validation points
 * ({@code training.validate_every}), so they are multiples of it. Written to {@code growth.json}.
 */
final class GrowthMetrics {
    static final String FILE = "growth.json";
    /** Replicates of the speed-up's bootstrap over seeds. */
    static final int BOOTSTRAP = 2000;
    private static final String[] LABELS = {"final", "50%", "90%"};
    private static final double[] FRACTIONS = {1.0, 0.5, 0.9};
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private GrowthMetrics() {
    }

    /**
     * One target loss for one grafted condition, means over the seeds both conditions have.
     *
     * @param steps    mean steps to reach the target, over the seeds that reached it (NaN if none)
     * @param reached  seeds that reached it, of {@code seeds}
     * @param speedup  mean baseline steps ÷ mean grafted steps when every seed reached it (NaN otherwise;
     *                 infinite when the grafted model starts below the target)
     */
    record Target(String label, double loss, double baselineSteps, double steps, double samples, double flops,
                  double speedup, double low, double high, int reached, int seeds, Map<Long, Double> seedSteps) {
    }

    /** This condition's speed-up over {@code other} to the baseline's final loss: other's steps ÷ this one's. */
    record Versus(String other, double speedup, double low, double high) {
    }

    /** One grafted condition's growth measures. */
    record Growth(String condition, String from, String strategy, String baseline, List<Long> seeds,
                  double flopsPerSample, double smallFlopsPerSample, double lossBefore, double lossAfter,
                  double valueLossBefore, double valueLossAfter, double policyLossBefore, double policyLossAfter,
                  double smallFlops, List<Target> targets, List<Versus> versus) {

        /** The small model's training plus the grafted model's to the baseline's final loss. */
        double totalFlopsToFinal() {
            return smallFlops + targets.get(0).flops();
        }
    }

    /** The measures of every grafted condition of the run; empty when it has no grafted condition or no baseline. */
    static List<Growth> of(RunContents run, AnalysisSettings settings) {
        List<String> conditions = run.conditions();
        Optional<String> baseline = conditions.stream().filter(c -> "large".equals(run.conditionSpec(c).get("model"))
                && run.conditionSpec(c).get("graft") == null).findFirst();
        if (baseline.isEmpty()) {
            return List.of();
        }
        Map<String, Map<Long, TreeMap<Long, Map<String, Double>>>> quick = series(run, "quick");
        Map<String, Map<Long, TreeMap<Long, Map<String, Double>>>> all = series(run, null);
        Map<String, Map<Long, TreeMap<Long, Map<String, Double>>>> full = series(run, "full");
        Game game = game(run, settings.catalog());
        double largeFps = flopsPerSample(game, shape(run, "large"));
        double smallFps = flopsPerSample(game, shape(run, "small"));
        double largeBatch = number(run.specAt("training.batch.large"));
        double smallBatch = number(run.specAt("training.batch.small"));
        List<Growth> out = new ArrayList<>();
        for (String c : conditions) {
            if (!(run.conditionSpec(c).get("graft") instanceof Map<?, ?> graft)) {
                continue;
            }
            String from = String.valueOf(graft.get("from"));
            Object strategy = graft.get("strategy");
            String strategyName = strategy instanceof Map<?, ?> m ? String.valueOf(m.get("name")) : String.valueOf(strategy);
            var b = quick.getOrDefault(baseline.get(), Map.of());
            var g = quick.getOrDefault(c, Map.of());
            List<Long> seeds = new ArrayList<>(new TreeSet<>(b.keySet()));
            seeds.retainAll(g.keySet());
            if (seeds.isEmpty()) {
                continue;
            }
            List<Target> targets = new ArrayList<>();
            for (int i = 0; i < LABELS.length; i++) {
                targets.add(target(LABELS[i], FRACTIONS[i], seeds, b, g, largeBatch, largeFps, settings.seed()));
            }
            // before: the source's last full validation (every validation position) when it has one
            var sourceFull = full.getOrDefault(from, Map.of());
            var source = sourceFull.isEmpty() ? quick.getOrDefault(from, Map.of()) : sourceFull;
            var sourceAll = all.getOrDefault(from, Map.of());
            double smallSteps = mean(seeds.stream().mapToDouble(s -> sourceAll.containsKey(s)
                    ? sourceAll.get(s).lastKey() : Double.NaN).toArray());
            out.add(new Growth(c, from, strategyName, baseline.get(), seeds, largeFps, smallFps,
                    last(source, seeds, "loss"), first(g, seeds, "loss"),
                    last(source, seeds, "value_loss"), first(g, seeds, "value_loss"),
                    last(source, seeds, "policy_loss"), first(g, seeds, "policy_loss"),
                    smallSteps * smallBatch * smallFps, targets, List.of()));
        }
        List<Growth> withVersus = new ArrayList<>();
        for (Growth g : out) {
            List<Versus> versus = new ArrayList<>();
            for (Growth other : out) {
                if (other != g) {
                    versus.add(versus(g, other, settings.seed()));
                }
            }
            withVersus.add(new Growth(g.condition(), g.from(), g.strategy(), g.baseline(), g.seeds(), g.flopsPerSample(),
                    g.smallFlopsPerSample(), g.lossBefore(), g.lossAfter(), g.valueLossBefore(), g.valueLossAfter(),
                    g.policyLossBefore(), g.policyLossAfter(), g.smallFlops(), g.targets(), versus));
        }
        return withVersus;
    }

    /** Mean steps of {@code other} ÷ mean steps of {@code g} to the baseline's final loss, over seeds both reached. */
    private static Versus versus(Growth g, Growth other, long seed) {
        Map<Long, Double> mine = g.targets().get(0).seedSteps();
        Map<Long, Double> theirs = other.targets().get(0).seedSteps();
        List<Long> seeds = new ArrayList<>();
        for (long s : mine.keySet()) {
            if (Double.isFinite(mine.get(s)) && theirs.containsKey(s) && Double.isFinite(theirs.get(s))) {
                seeds.add(s);
            }
        }
        if (seeds.isEmpty() || seeds.size() < mine.size()) {
            return new Versus(other.condition(), Double.NaN, Double.NaN, Double.NaN);
        }
        double[] a = seeds.stream().mapToDouble(theirs::get).toArray();
        double[] b = seeds.stream().mapToDouble(mine::get).toArray();
        double[] ci = ratioInterval(a, b, seed);
        return new Versus(other.condition(), mean(a) / mean(b), ci[0], ci[1]);
    }

    /** The 95 % percentile bootstrap interval of mean(num) ÷ mean(den), seeds resampled in pairs. */
    private static double[] ratioInterval(double[] num, double[] den, long seed) {
        int n = num.length;
        double[] replicates = new double[BOOTSTRAP];
        Random rng = new Random(seed);
        for (int r = 0; r < BOOTSTRAP; r++) {
            double sn = 0;
            double sd = 0;
            for (int k = 0; k < n; k++) {
                int pick = rng.nextInt(n);
                sn += num[pick];
                sd += den[pick];
            }
            replicates[r] = sn / sd;
        }
        Arrays.sort(replicates);
        return new double[] {replicates[(int) Math.floor(0.025 * (BOOTSTRAP - 1))],
                replicates[(int) Math.ceil(0.975 * (BOOTSTRAP - 1))]};
    }

    private static Target target(String label, double fraction, List<Long> seeds,
                                 Map<Long, TreeMap<Long, Map<String, Double>>> b,
                                 Map<Long, TreeMap<Long, Map<String, Double>>> g, double batch, double fps, long seed) {
        int n = seeds.size();
        double[] loss = new double[n];
        double[] stepsB = new double[n];
        double[] stepsG = new double[n];
        for (int i = 0; i < n; i++) {
            TreeMap<Long, Map<String, Double>> base = b.get(seeds.get(i));
            long end = base.lastKey();
            var at = fraction == 1.0 ? base.lastEntry() : base.floorEntry(Math.round(fraction * end));
            loss[i] = at == null ? Double.NaN : at.getValue().getOrDefault("loss", Double.NaN);
            stepsB[i] = firstReaching(base, loss[i]);
            stepsG[i] = firstReaching(g.get(seeds.get(i)), loss[i]);
        }
        double[] reachedSteps = Arrays.stream(stepsG).filter(Double::isFinite).toArray();
        double steps = reachedSteps.length == 0 ? Double.NaN : mean(reachedSteps);
        double speedup = Double.NaN;
        double low = Double.NaN;
        double high = Double.NaN;
        if (reachedSteps.length == n) {
            speedup = mean(stepsB) / mean(stepsG);
            double[] ci = ratioInterval(stepsB, stepsG, seed);
            low = ci[0];
            high = ci[1];
        }
        Map<Long, Double> seedSteps = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            seedSteps.put(seeds.get(i), stepsG[i]);
        }
        return new Target(label, mean(loss), mean(stepsB), steps, steps * batch, steps * batch * fps, speedup, low, high,
                reachedSteps.length, n, seedSteps);
    }

    /** The first validation step whose loss is at most {@code target}, or NaN. */
    private static double firstReaching(TreeMap<Long, Map<String, Double>> series, double target) {
        if (series == null || Double.isNaN(target)) {
            return Double.NaN;
        }
        for (var e : series.entrySet()) {
            if (e.getValue().getOrDefault("loss", Double.NaN) <= target) {
                return e.getKey();
            }
        }
        return Double.NaN;
    }

    /** condition → seed → step → the record's values, of one split (null: every split). */
    static Map<String, Map<Long, TreeMap<Long, Map<String, Double>>>> series(RunContents run, String split) {
        Map<String, Map<Long, TreeMap<Long, Map<String, Double>>>> out = new LinkedHashMap<>();
        for (MetricPoint p : run.metrics()) {
            if (split == null || p.split().equals(split)) {
                out.computeIfAbsent(p.condition(), k -> new TreeMap<>()).computeIfAbsent(p.seed(), k -> new TreeMap<>())
                        .put(p.step(), p.values());
            }
        }
        return out;
    }

    private static double last(Map<Long, TreeMap<Long, Map<String, Double>>> s, List<Long> seeds, String key) {
        return mean(seeds.stream().mapToDouble(seed -> s.containsKey(seed)
                ? s.get(seed).lastEntry().getValue().getOrDefault(key, Double.NaN) : Double.NaN).toArray());
    }

    private static double first(Map<Long, TreeMap<Long, Map<String, Double>>> s, List<Long> seeds, String key) {
        return mean(seeds.stream().mapToDouble(seed -> s.containsKey(seed) && s.get(seed).firstKey() == 0
                ? s.get(seed).firstEntry().getValue().getOrDefault(key, Double.NaN) : Double.NaN).toArray());
    }

    /** The game the run played, from its spec and the catalog; null when either is missing. */
    static Game game(RunContents run, PluginCatalog catalog) {
        if (catalog == null || !(run.specAt("game") instanceof Map<?, ?> m) || !(m.get("name") instanceof String name)) {
            return null;
        }
        Map<String, Object> given = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (!"name".equals(k)) {
                given.put(String.valueOf(k), v);
            }
        });
        try {
            Optional<PluginFactory<?>> f = catalog.find(PluginKind.GAME, name);
            if (f.isEmpty()) {
                return null;
            }
            @SuppressWarnings("unchecked")
            PluginFactory<Game> factory = (PluginFactory<Game>) f.get();
            return catalog.create(factory, Options.withDefaults(factory.options(), given));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The spec's {@code models.<size>} shape, or null. */
    static ModelShape shape(RunContents run, String size) {
        if (!(run.specAt("models." + size) instanceof Map<?, ?> m)) {
            return null;
        }
        try {
            return new ModelShape(((Number) m.get("d_model")).intValue(), ((Number) m.get("d_head")).intValue(),
                    ((Number) m.get("heads")).intValue(), ((Number) m.get("layers")).intValue(),
                    ((Number) m.get("d_mlp")).intValue());
        } catch (RuntimeException e) {
            return null;
        }
    }

    static double flopsPerSample(Game game, ModelShape shape) {
        return game == null || shape == null ? Double.NaN : TrainingFlops.trainingPerSample(game, shape);
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static double mean(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** growth.json: one object per grafted condition; non-finite numbers as null (an infinite speed-up too). */
    static String json(List<Growth> growth) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Growth g : growth) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("condition", g.condition());
            e.put("from", g.from());
            e.put("strategy", g.strategy());
            e.put("baseline", g.baseline());
            e.put("seeds", g.seeds());
            e.put("flops_per_sample", num(g.flopsPerSample()));
            e.put("small_flops_per_sample", num(g.smallFlopsPerSample()));
            e.put("loss_before_graft", num(g.lossBefore()));
            e.put("loss_after_graft", num(g.lossAfter()));
            e.put("value_loss_before_graft", num(g.valueLossBefore()));
            e.put("value_loss_after_graft", num(g.valueLossAfter()));
            e.put("policy_loss_before_graft", num(g.policyLossBefore()));
            e.put("policy_loss_after_graft", num(g.policyLossAfter()));
            e.put("small_training_flops", num(g.smallFlops()));
            e.put("total_flops_to_final", num(g.totalFlopsToFinal()));
            List<Map<String, Object>> targets = new ArrayList<>();
            for (Target t : g.targets()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("target", t.label());
                m.put("loss", num(t.loss()));
                m.put("baseline_steps", num(t.baselineSteps()));
                m.put("steps", num(t.steps()));
                m.put("samples", num(t.samples()));
                m.put("flops", num(t.flops()));
                m.put("speedup", num(t.speedup()));
                m.put("speedup_ci", Arrays.asList(num(t.low()), num(t.high())));
                m.put("reached_at_step_0", t.steps() == 0 && t.reached() == t.seeds());
                m.put("reached", t.reached());
                m.put("seeds", t.seeds());
                targets.add(m);
            }
            e.put("targets", targets);
            List<Map<String, Object>> versus = new ArrayList<>();
            for (Versus v : g.versus()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("other", v.other());
                m.put("speedup_to_final", num(v.speedup()));
                m.put("speedup_ci", Arrays.asList(num(v.low()), num(v.high())));
                versus.add(m);
            }
            e.put("versus", versus);
            out.add(e);
        }
        try {
            return JSON.writeValueAsString(out) + "\n";
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static Double num(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
