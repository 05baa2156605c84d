package dev.graft.runner;

import dev.graft.pipeline.ArtifactCache;
import dev.graft.pipeline.DataShardStage;
import dev.graft.pipeline.DataStage;
import dev.graft.pipeline.Planner;
import dev.graft.pipeline.Stage;
import dev.graft.pipeline.TrainStage;
import dev.graft.pipeline.WorkerSchedule;
import dev.graft.spec.GraftSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code graft plan --workers N [--cores-per-worker C]}: the wall time of the stages left to run on N workers
 * of C cores ({@link WorkerSchedule}: Spark's waves, one stage per core), the critical path, and the total
 * CPU time. A training stage takes its steps left × seconds per step (the plan's); the data stage (or each
 * shard) the generators' one-core seconds per game × its games, divided over the threads it plays on
 * ({@code data.threads}, 0: the worker's cores); another stage the median wall time its kind recorded in the
 * cache, else nothing.
 */
final class WorkersLine {
    private WorkersLine() {
    }

    static String describe(GraftSpec spec, List<Planner.Row> rows, DataSample sample, ArtifactCache cache, int workers,
                           int cores) {
        List<WorkerSchedule.Task> tasks = new ArrayList<>();
        Map<String, Double> cpuByKind = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        int threads = spec.data().threads() == 0 ? cores : Math.min(spec.data().threads(), cores);
        Map<String, Double> recorded = new LinkedHashMap<>();
        for (Planner.Row r : rows) {
            if (!r.runs()) {
                continue;
            }
            Stage s = r.stage();
            double seconds;
            double cpu;
            if (s instanceof TrainStage) {
                if (r.seconds() == null) {
                    unknown.add(s.id());
                    seconds = 0;
                } else {
                    seconds = r.seconds();
                }
                cpu = seconds;
            } else if (s instanceof DataShardStage shard) {
                cpu = sample == null ? 0 : sample.playedCoreSeconds() * (shard.to() - shard.from()) / spec.data().games();
                seconds = cpu / threads;
            } else if (s instanceof DataStage d && d.shards().isEmpty()) {
                cpu = sample == null ? 0 : sample.playedCoreSeconds();
                seconds = cpu / threads;
            } else {
                seconds = recorded.computeIfAbsent(s.kind(), k -> medianRecordedWall(cache, k));
                cpu = seconds;
            }
            tasks.add(new WorkerSchedule.Task(r.number(), s.id(), r.inputs(), seconds, cpu));
            cpuByKind.merge(s.kind().startsWith("data") ? "data" : s.kind().startsWith("train") ? "training" : "other",
                    cpu, Double::sum);
        }
        if (tasks.isEmpty()) {
            return String.format(Locale.ROOT, "on %d worker%s: nothing left to run.%n", workers, workers == 1 ? "" : "s");
        }
        WorkerSchedule.Result result = WorkerSchedule.schedule(tasks, workers, cores);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "on %,d worker%s × %d core%s (%,d stages at once; Spark's waves, one stage"
                        + " per core): wall ≈ %s over %d waves; critical path ≈ %s (%s); total CPU ≈ %s (training %s,"
                        + " data generation %s, other %s).%n",
                workers, workers == 1 ? "" : "s", cores, cores == 1 ? "" : "s", result.slots(),
                duration(result.wallSeconds()), result.waves(), duration(result.criticalSeconds()),
                String.join(" → ", result.criticalPath()), cpuHours(result.cpuSeconds()),
                cpuHours(cpuByKind.getOrDefault("training", 0.0)), cpuHours(cpuByKind.getOrDefault("data", 0.0)),
                cpuHours(cpuByKind.getOrDefault("other", 0.0))));
        List<String> notes = new ArrayList<>();
        if (sample == null) {
            notes.add("data generation not estimated (--no-measure)");
        } else {
            List<String> unplayed = new ArrayList<>();
            for (int i = 0; i < sample.counts().length; i++) {
                if (Double.isNaN(sample.secondsPerGame()[i])) {
                    unplayed.add(spec.data().parts().get(i).generator().name() + " (" + String.format(Locale.ROOT, "%,d",
                            sample.counts()[i]) + " games)");
                }
            }
            if (!unplayed.isEmpty()) {
                notes.add("not counted: the data of " + String.join(", ", unplayed));
            }
        }
        if (!unknown.isEmpty()) {
            notes.add(unknown.size() + " training stage" + (unknown.size() == 1 ? "" : "s") + " of unknown step time"
                    + " (--no-measure and no earlier run) counted as nothing");
        }
        notes.add("stage times are this machine's, one core each (a worker's core of another speed scales them)");
        out.append("  (").append(String.join("; ", notes)).append(")\n");
        return out.toString();
    }

    /** The median wall time stages of {@code kind} recorded in the cache's manifests; 0 when none did. */
    private static double medianRecordedWall(ArtifactCache cache, String kind) {
        List<Double> walls = new ArrayList<>();
        for (Map<String, Object> m : cache.manifests(kind)) {
            if (m.get("time") instanceof Map<?, ?> t && t.get("wall_s") instanceof Number w) {
                walls.add(w.doubleValue());
            }
        }
        if (walls.isEmpty()) {
            return 0;
        }
        walls.sort(Double::compare);
        return walls.get(walls.size() / 2);
    }

    /** {@link PlanTable#duration}, in days from three days on. */
    static String duration(double seconds) {
        return seconds >= 3 * 86400 ? String.format(Locale.ROOT, "%,.1f days", seconds / 86400) : PlanTable.duration(seconds);
    }

    private static String cpuHours(double seconds) {
        double h = seconds / 3600;
        return String.format(Locale.ROOT, h >= 100 ? "%,.0f CPU-hours" : h >= 1 ? "%.1f CPU-hours" : "%.2f CPU-hours", h);
    }
}
