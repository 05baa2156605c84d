package dev.graft.pipeline;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What a run of a DAG would do, without doing it: for every stage its key, inputs, state in the
 * cache (cached, partial at step n of m, or to run), what the run does with it ({@link Decision}) with
 * the reason in words, and an estimated
 * cost (remaining steps × seconds per step from {@link StepTimes}). A stage whose key equals an
 * earlier stage's shares that stage's artifact. The reason compares with the run folder's last
 * {@code provenance.json} where there is one, to say what changed. {@code graft plan} renders the
 * rows as a table (the runner's {@code PlanTable}).
 */
public final class Planner {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the run does with a stage, and so whether it does work. */
    public enum Decision {
        /** Its artifact is in the cache: nothing to do. */
        CACHED(false),
        /** Its key equals an earlier stage's: it shares that stage's artifact. */
        SAME_ARTIFACT(false),
        /** A partial artifact: training resumes from its newest checkpoint. */
        RESUMES(true),
        /** No artifact, and the run folder's last run did not plan it differently. */
        NEW(true),
        /** No artifact for its key, which changed since the run folder's last run. */
        CHANGED(true);

        private final boolean runs;

        Decision(boolean runs) {
            this.runs = runs;
        }

        /** True when a stage so decided does work in the run. */
        public boolean runs() {
            return runs;
        }
    }

    /**
     * One stage of the plan.
     *
     * @param number    1-based position in the run's order (inputs refer to these numbers)
     * @param inputs    the numbers of the stages it reads
     * @param state     its artifact's state
     * @param decision  what the run does with it
     * @param reason    why it runs ("no artifact", "partial: resumes at step 40", "changed since the last
     *                  run: settings.training.lr") or why it does not ("cached", "same artifact as #3")
     * @param steps     total training steps (0: not a training stage; −1: unknown until the data exists)
     * @param remaining steps still to run
     * @param perStep   estimated seconds per step, or null when unknown or not training
     * @param seconds   estimated seconds still to run, or null when unknown
     * @param costSource where the per-step time comes from ("" when no training is left)
     * @param stepsEstimated true when {@code steps} is an estimate made before the data exists
     */
    public record Row(int number, Stage stage, List<Integer> inputs, StageState state, Decision decision,
                      String reason, long steps, long remaining, Double perStep, Double seconds, String costSource,
                      boolean stepsEstimated) {

        /** A row whose steps are known. */
        public Row(int number, Stage stage, List<Integer> inputs, StageState state, Decision decision,
                   String reason, long steps, long remaining, Double perStep, Double seconds, String costSource) {
            this(number, stage, inputs, state, decision, reason, steps, remaining, perStep, seconds, costSource, false);
        }

        /** True when the stage does work in this run (it is not cached and shares no earlier stage's artifact). */
        public boolean runs() {
            return decision.runs();
        }
    }

    private Planner() {
    }

    /**
     * @param previousRun the run folder whose {@code provenance.json} says what the last run used (may not exist)
     */
    public static List<Row> plan(StageGraph graph, ArtifactCache cache, StepTimes times, Path previousRun) {
        return plan(graph, cache, times, previousRun, s -> -1);
    }

    /**
     * @param estimatedSteps for a stage whose steps are not known yet (they depend on data not generated), an
     *                       estimate of them, or −1 for none
     */
    public static List<Row> plan(StageGraph graph, ArtifactCache cache, StepTimes times, Path previousRun,
                                 java.util.function.ToLongFunction<Stage> estimatedSteps) {
        Map<String, Map<String, Object>> previous = previousStages(previousRun);
        List<Stage> order = graph.order();
        Map<Stage, Integer> numbers = new HashMap<>();
        Map<String, Integer> firstWithKey = new HashMap<>();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            Stage s = order.get(i);
            numbers.put(s, i + 1);
            List<Integer> inputs = s.inputs().stream().map(numbers::get).toList();
            StageState state = s.state();
            long steps = s.steps();
            boolean estimated = false;
            if (steps < 0) {
                long guess = estimatedSteps.applyAsLong(s);
                if (guess > 0) {
                    steps = guess;
                    estimated = true;
                }
            }
            String reason;
            Decision decision;
            Integer same = firstWithKey.putIfAbsent(s.key().hash(), i + 1);
            if (state.cached()) {
                Object madeBy = cache.manifest(s.key()).map(m -> m.get("made_by")).orElse(null);
                decision = Decision.CACHED;
                reason = madeBy == null ? "cached" : "cached (made by spec '" + madeBy + "')";
            } else if (same != null) {
                decision = Decision.SAME_ARTIFACT;
                reason = "same artifact as #" + same;
            } else if (state.status() == StageState.Status.PARTIAL) {
                decision = Decision.RESUMES;
                reason = "partial: resumes at step " + state.step();
            } else {
                reason = whyMissing(s, previous.get(s.id()));
                decision = reason == null ? Decision.NEW : Decision.CHANGED;
                reason = reason == null ? "no artifact" : reason;
            }
            boolean runs = decision.runs();
            long remaining = runs && steps > 0 ? steps - state.step() : 0;
            Double perStep = null;
            Double seconds = null;
            String source = "";
            if (runs && steps != 0 && s.stepCost() != null) {
                StepTimes.Estimate e = times.perStep(s.stepCost());
                if (e != null) {
                    perStep = e.seconds();
                    seconds = steps > 0 ? remaining * e.seconds() : null;
                    source = e.source();
                }
            }
            rows.add(new Row(i + 1, s, inputs, state, decision, reason, steps, remaining, perStep, seconds, source,
                    estimated));
        }
        return rows;
    }

    /**
     * What changed since the run folder's last run for a stage without an artifact; null when it is simply
     * new (no last run planned it, or planned it with the same key).
     */
    private static String whyMissing(Stage s, Map<String, Object> before) {
        if (before == null || !(before.get("recipe") instanceof Map<?, ?> old)) {
            return null;
        }
        if (Objects.equals(before.get("key"), s.key().hash())) {
            return null; // the run folder's last run planned the same stage (it may not have got to it)
        }
        TreeSet<String> changed = new TreeSet<>();
        differences("", old, s.key().recipe(), changed);
        return changed.isEmpty() ? "key changed since the last run" : "changed since the last run: "
                + String.join(", ", shorten(new ArrayList<>(changed)));
    }

    private static void differences(String path, Object a, Object b, TreeSet<String> out) {
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            TreeSet<String> keys = new TreeSet<>();
            ma.keySet().forEach(k -> keys.add(String.valueOf(k)));
            mb.keySet().forEach(k -> keys.add(String.valueOf(k)));
            for (String k : keys) {
                differences(path.isEmpty() ? k : path + "." + k, ma.get(k), mb.get(k), out);
            }
        } else if (!sameValue(a, b)) {
            out.add(path);
        }
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                TreeSet<String> d = new TreeSet<>();
                differences("", x.get(i), y.get(i), d);
                if (!d.isEmpty()) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    /** "inputs.data" reads as "input data"; at most four paths are listed. */
    private static List<String> shorten(List<String> paths) {
        List<String> out = new ArrayList<>();
        for (String p : paths) {
            out.add(p.startsWith("inputs.") ? "input " + p.substring("inputs.".length()) : p);
        }
        if (out.size() > 4) {
            int more = out.size() - 3;
            out = new ArrayList<>(out.subList(0, 3));
            out.add("… " + more + " more");
        }
        return out;
    }

    private static Map<String, Map<String, Object>> previousStages(Path runDir) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        Path file = runDir == null ? null : runDir.resolve(RunDirectory.PROVENANCE);
        if (file == null || !Files.isRegularFile(file)) {
            return out;
        }
        try {
            Map<String, Object> p = JSON.readValue(file.toFile(), new TypeReference<Map<String, Object>>() { });
            if (p.get("stages") instanceof List<?> stages) {
                for (Object o : stages) {
                    if (o instanceof Map<?, ?> m && m.get("id") instanceof String id) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> stage = (Map<String, Object>) m;
                        out.put(id, stage);
                    }
                }
            }
        } catch (IOException e) {
            // an unreadable provenance only loses the "what changed" detail
        }
        return out;
    }

    /**
     * The stages left to run, in waves: a stage's wave is one more than the latest wave of the stages
     * it reads that run too (1 when none does), so the stages of a wave can run at once
     * ({@code graft run --parallel}) once the waves before it are done. Each wave in the run's order.
     */
    public static List<List<Row>> waves(List<Row> rows) {
        Map<Integer, Integer> waveOf = new HashMap<>();
        List<List<Row>> waves = new ArrayList<>();
        for (Row r : rows) {
            if (!r.runs()) {
                continue;
            }
            int wave = 1;
            for (int input : r.inputs()) {
                wave = Math.max(wave, waveOf.getOrDefault(input, 0) + 1);
            }
            waveOf.put(r.number(), wave);
            while (waves.size() < wave) {
                waves.add(new ArrayList<>());
            }
            waves.get(wave - 1).add(r);
        }
        return waves;
    }
}
