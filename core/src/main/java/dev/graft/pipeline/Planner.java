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
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What a run of a DAG would do, without doing it: for every stage its key, inputs, state in the
 * cache (cached, partial at step n of m, or to run) with the reason it must run, and an estimated
 * cost (remaining steps × seconds per step from {@link StepTimes}). A stage whose key equals an
 * earlier stage's shares that stage's artifact. The reason compares with the run folder's last
 * {@code provenance.json} where there is one, to say what changed.
 */
public final class Planner {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One stage of the plan.
     *
     * @param number    1-based position in the run's order (inputs refer to these numbers)
     * @param inputs    the numbers of the stages it reads
     * @param state     its artifact's state
     * @param reason    why it runs ("no artifact", "partial: resumes at step 40", "changed since the last
     *                  run: settings.training.lr") or why it does not ("cached", "same artifact as #3")
     * @param steps     total training steps (0: not a training stage; −1: unknown until the data exists)
     * @param remaining steps still to run
     * @param perStep   estimated seconds per step, or null when unknown or not training
     * @param seconds   estimated seconds still to run, or null when unknown
     * @param costSource where the per-step time comes from ("" when no training is left)
     */
    public record Row(int number, Stage stage, List<Integer> inputs, StageState state, String reason, long steps,
                      long remaining, Double perStep, Double seconds, String costSource) {

        /** True when the stage does work in this run (it is not cached and shares no earlier stage's artifact). */
        public boolean runs() {
            return !state.cached() && !reason.startsWith("same artifact");
        }
    }

    private Planner() {
    }

    /**
     * @param previousRun the run folder whose {@code provenance.json} says what the last run used (may not exist)
     */
    public static List<Row> plan(StageGraph graph, ArtifactCache cache, StepTimes times, Path previousRun) {
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
            String reason;
            Integer same = firstWithKey.putIfAbsent(s.key().hash(), i + 1);
            if (state.cached()) {
                Object madeBy = cache.manifest(s.key()).map(m -> m.get("made_by")).orElse(null);
                reason = madeBy == null ? "cached" : "cached (made by spec '" + madeBy + "')";
            } else if (same != null) {
                reason = "same artifact as #" + same;
            } else if (state.status() == StageState.Status.PARTIAL) {
                reason = "partial: resumes at step " + state.step();
            } else {
                reason = whyMissing(s, previous.get(s.id()));
            }
            boolean runs = !state.cached() && same == null;
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
            rows.add(new Row(i + 1, s, inputs, state, reason, steps, remaining, perStep, seconds, source));
        }
        return rows;
    }

    /** Why a stage without an artifact has none: new, or what changed since the run folder's last run. */
    private static String whyMissing(Stage s, Map<String, Object> before) {
        if (before == null || !(before.get("recipe") instanceof Map<?, ?> old)) {
            return "no artifact";
        }
        if (Objects.equals(before.get("key"), s.key().hash())) {
            return "no artifact"; // the run folder's last run planned the same stage (it may not have got to it)
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

    /** The plan as an aligned table with a closing total, for {@code graft plan}. */
    public static String table(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        int idWidth = Math.max(5, rows.stream().mapToInt(r -> r.stage().id().length()).max().orElse(5));
        int stateWidth = Math.max(5, rows.stream().mapToInt(r -> r.state().label().length()).max().orElse(5));
        int inputWidth = Math.max(6, rows.stream().mapToInt(r -> inputs(r).length()).max().orElse(6));
        String format = "%3s  %-" + idWidth + "s  %-12s  %-" + inputWidth + "s  %7s  %8s  %9s  %-" + stateWidth
                + "s  %s%n";
        out.append(String.format(Locale.ROOT, format, "#", "stage", "key", "inputs", "steps", "s/step", "est.", "state",
                "reason"));
        double total = 0;
        int unknown = 0;
        int toRun = 0;
        List<String> sources = new ArrayList<>();
        for (Row r : rows) {
            String steps = r.steps() > 0 ? Long.toString(r.steps()) : r.steps() < 0 ? "?" : "-";
            String perStep = r.perStep() == null ? (r.runs() && r.steps() != 0 ? "?" : "-")
                    : String.format(Locale.ROOT, r.perStep() < 1 ? "%.3f" : "%.2f", r.perStep());
            String estimate = "-";
            if (r.runs() && r.seconds() != null) {
                estimate = duration(r.seconds());
                total += r.seconds();
            } else if (r.runs() && r.steps() != 0) {
                estimate = "?";
                unknown++;
            }
            if (r.runs()) {
                toRun++;
            }
            if (!r.costSource().isEmpty() && !sources.contains(r.costSource())) {
                sources.add(r.costSource());
            }
            out.append(String.format(Locale.ROOT, format, r.number(), r.stage().id(), r.stage().key().shortHash(),
                    inputs(r), steps, perStep, estimate, r.state().label(), r.reason()));
        }
        out.append(String.format(Locale.ROOT, "%d of %d stages to run; training ≈ %s%s. Estimate: steps left × seconds "
                        + "per step (from %s); data generation, initialisations and grafts are not estimated.%n",
                toRun, rows.size(), duration(total),
                unknown == 0 ? "" : " plus " + unknown + " stage" + (unknown == 1 ? "" : "s")
                        + " whose step count is known once the data exists",
                sources.isEmpty() ? "no stage: none is left to train" : String.join("; ", sources)));
        return out.toString();
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

    /** One line naming each wave's stages by number, e.g. {@code waves (stages that can run at once): 1: #1,#3 | 2: #2}. */
    public static String wavesLine(List<Row> rows) {
        List<List<Row>> waves = waves(rows);
        if (waves.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder("Waves (stages that can run at once, graft run --parallel N): ");
        int widest = 0;
        for (int w = 0; w < waves.size(); w++) {
            widest = Math.max(widest, waves.get(w).size());
            s.append(w == 0 ? "" : " | ").append(w + 1).append(": ")
                    .append(String.join(",", waves.get(w).stream().map(r -> "#" + r.number()).toList()));
        }
        return s.append(String.format(Locale.ROOT, "; at most %d at once.%n", widest)).toString();
    }

    private static String inputs(Row r) {
        return r.inputs().isEmpty() ? "-" : r.inputs().stream().map(n -> "#" + n).reduce((a, b) -> a + "," + b).orElse("-");
    }

    /** 45 s, 12.5 min, 3.2 h. */
    static String duration(double seconds) {
        if (seconds < 10) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        if (seconds < 90) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        if (seconds < 5400) {
            return String.format(Locale.ROOT, "%.1f min", seconds / 60);
        }
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }
}
