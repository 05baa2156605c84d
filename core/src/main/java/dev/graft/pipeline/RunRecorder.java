package dev.graft.pipeline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.graft.measure.MeasureLog;
import dev.graft.measure.MeasureRow;
import dev.graft.probe.ProbeLog;
import dev.graft.probe.ProbeRow;
import dev.graft.train.StopRequest;
import dev.graft.train.StopRequestedException;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keeps the run folder in step with the DAG as it executes: logs each stage (reused — and from which
 * spec's run —, started or resumed), links each finished artifact into the folder, and rewrites
 * {@code metrics.jsonl} from the finished training stages in DAG order, so the folder always shows
 * whole artifacts only.
 */
public final class RunRecorder implements StageListener {
    private static final Logger LOG = LoggerFactory.getLogger(RunRecorder.class);

    private final StageGraph graph;
    private final RunDirectory run;
    private final ArtifactCache cache;

    public RunRecorder(StageGraph graph, RunDirectory run, ArtifactCache cache) {
        this(graph, run, cache, new StopRequest());
    }

    /** One that refuses to start a stage once {@code stop} is requested (throwing {@link StopRequestedException}). */
    public RunRecorder(StageGraph graph, RunDirectory run, ArtifactCache cache, StopRequest stop) {
        this.stop = stop;
        this.graph = graph;
        this.run = run;
        this.cache = cache;
        this.specName = specName(run);
    }

    private final String specName;
    private final StopRequest stop;
    /** The stages this run ran (rather than reused), for the cache's use log; executors may call from many threads. */
    private final java.util.Set<String> ran = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** The {@code name} of the run's resolved spec (for the cache's use log); the folder's name without one. */
    private static String specName(RunDirectory run) {
        try {
            Object doc = new org.yaml.snakeyaml.Yaml().load(Files.readString(run.resolve(RunDirectory.RESOLVED_SPEC)));
            if (doc instanceof Map<?, ?> m && m.get("name") instanceof String name && !name.isBlank()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // no readable resolved spec: fall back to the folder's name
        }
        return run.root().getFileName().toString();
    }

    @Override
    public void reusing(Stage stage, int index, int count) {
        Object madeBy = cache.manifest(stage.key()).map(m -> m.get("made_by")).orElse(null);
        cache.recordUse(stage.key(), "reused", specName, run.root());
        LOG.info("[{}/{}] {}: cached (key {}{}), reusing it", index, count, stage.id(), stage.key().shortHash(),
                madeBy == null ? "" : ", made by a run of spec '" + madeBy + "'");
    }

    @Override
    public void running(Stage stage, int index, int count, StageState before) {
        stop.checkBefore(stage.id()); // a stage not started leaves nothing behind; the next run starts it
        ran.add(stage.id());
        if (before.status() == StageState.Status.PARTIAL) {
            LOG.info("[{}/{}] {}: resuming, {} (key {})", index, count, stage.id(), before.label(), stage.key().shortHash());
        } else {
            LOG.info("[{}/{}] {}: {} (key {})", index, count, stage.id(), stage.describe(), stage.key().shortHash());
        }
    }

    @Override
    public void finished(Stage stage) throws IOException {
        if (ran.contains(stage.id())) {
            cache.recordUse(stage.key(), "made", specName, run.root());
        }
        stage.record(run);
        if (stage instanceof TrainStage) {
            writeMetrics();
            writeProbes();
            writeMeasures();
        }
    }

    /** {@code metrics.jsonl} from every training stage whose artifact is complete, in DAG order. */
    public void writeMetrics() throws IOException {
        List<RunDirectory.MetricsPart> parts = new ArrayList<>();
        for (Stage s : graph.order()) {
            if (s instanceof TrainStage t && cache.isComplete(t.key())) {
                parts.add(new RunDirectory.MetricsPart(t.condition(), t.seed(), t.metrics()));
            }
        }
        run.writeMetrics(parts);
    }

    /**
     * {@code probes.csv} from every probed training stage whose artifact is complete: one header, the
     * rows sorted by condition (in the spec's order), seed (in DAG order), step, set, probe and layer,
     * written atomically. Not written when no stage probes.
     */
    public void writeProbes() throws IOException {
        List<ProbeRow> rows = new ArrayList<>();
        Map<String, Integer> conditionOrder = new HashMap<>();
        Map<Long, Integer> seedOrder = new HashMap<>();
        boolean any = false;
        for (Stage s : graph.order()) {
            if (s instanceof TrainStage t && t.probed()) {
                any = true;
                seedOrder.putIfAbsent(t.seed(), seedOrder.size());
                conditionOrder.putIfAbsent(t.condition(), conditionOrder.size());
                if (cache.isComplete(t.key()) && Files.isRegularFile(t.probeRows())) {
                    rows.addAll(new ProbeLog(t.probeRows()).read());
                }
            }
        }
        if (!any) {
            return;
        }
        rows.sort(Comparator.<ProbeRow>comparingInt(r -> conditionOrder.getOrDefault(r.condition(), Integer.MAX_VALUE))
                .thenComparing(ProbeRow::condition)
                .thenComparingInt(r -> seedOrder.getOrDefault(r.seed(), Integer.MAX_VALUE))
                .thenComparingLong(ProbeRow::seed)
                .thenComparingLong(ProbeRow::step)
                .thenComparing(r -> ProbeRow.FINAL.equals(r.set()))
                .thenComparing(ProbeRow::set)
                .thenComparing(ProbeRow::probe)
                .thenComparingInt(ProbeRow::layer));
        ProbeLog.writeAll(run.resolve(RunDirectory.PROBES), rows);
    }

    /**
     * {@code measures.csv} from every measured training stage whose artifact is complete: one header, the
     * rows sorted by condition (in the spec's order), seed (in DAG order) and step, each stage's rows of a
     * step in the order its measures wrote them; written atomically. Not written when no stage measures.
     */
    public void writeMeasures() throws IOException {
        Map<String, Integer> conditionOrder = new HashMap<>();
        Map<Long, Integer> seedOrder = new HashMap<>();
        List<MeasureRow> rows = new ArrayList<>();
        boolean any = false;
        for (Stage s : graph.order()) {
            if (s instanceof TrainStage t && t.measured()) {
                any = true;
                seedOrder.putIfAbsent(t.seed(), seedOrder.size());
                conditionOrder.putIfAbsent(t.condition(), conditionOrder.size());
                if (cache.isComplete(t.key()) && Files.isRegularFile(t.measureRows())) {
                    rows.addAll(new MeasureLog(t.measureRows()).read());
                }
            }
        }
        if (!any) {
            return;
        }
        // a stable sort: rows of one model and step keep the order the measures wrote them in
        rows.sort(Comparator.<MeasureRow>comparingInt(r -> conditionOrder.getOrDefault(r.condition(), Integer.MAX_VALUE))
                .thenComparing(MeasureRow::condition)
                .thenComparingInt(r -> seedOrder.getOrDefault(r.seed(), Integer.MAX_VALUE))
                .thenComparingLong(MeasureRow::seed)
                .thenComparingLong(MeasureRow::step));
        MeasureLog.writeAll(run.resolve(RunDirectory.MEASURES), rows);
    }

    /** The stage list {@code provenance.json} records. */
    public static List<Map<String, Object>> provenance(StageGraph graph) {
        return graph.describe();
    }
}
