package dev.graft.runner;

import dev.graft.pipeline.Planner;
import dev.graft.pipeline.Planner.Row;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code graft plan}'s rendering of a {@link Planner} plan: the aligned table and the line of waves. */
final class PlanTable {
    private PlanTable() {
    }

    /** The plan as an aligned table with a closing total, for {@code graft plan}. */
    static String table(List<Row> rows) {
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
        int estimatedSteps = 0;
        List<String> sources = new ArrayList<>();
        for (Row r : rows) {
            String steps = r.steps() > 0 ? (r.stepsEstimated() ? "≈" : "") + r.steps() : r.steps() < 0 ? "?" : "-";
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
                if (r.stepsEstimated()) {
                    estimatedSteps++;
                }
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
        if (estimatedSteps > 0) {
            out.append(String.format(Locale.ROOT, "≈ steps: %d stage%s whose steps are estimated before the data exists"
                            + " (training games × per_game × epochs ÷ batch, less the games no longer than min_ply, as a"
                            + " sample of the generators' games gives their share).%n", estimatedSteps,
                    estimatedSteps == 1 ? "" : "s"));
        }
        return out.toString();
    }

    /** One line naming each wave's stages by number, e.g. {@code waves (stages that can run at once): 1: #1,#3 | 2: #2}. */
    static String wavesLine(List<Row> rows) {
        List<List<Row>> waves = Planner.waves(rows);
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
