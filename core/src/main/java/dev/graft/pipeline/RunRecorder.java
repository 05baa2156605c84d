package dev.graft.pipeline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
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
        this.graph = graph;
        this.run = run;
        this.cache = cache;
    }

    @Override
    public void reusing(Stage stage, int index, int count) {
        Object madeBy = cache.manifest(stage.key()).map(m -> m.get("made_by")).orElse(null);
        LOG.info("[{}/{}] {}: cached (key {}{}), reusing it", index, count, stage.id(), stage.key().shortHash(),
                madeBy == null ? "" : ", made by a run of spec '" + madeBy + "'");
    }

    @Override
    public void running(Stage stage, int index, int count, StageState before) {
        if (before.status() == StageState.Status.PARTIAL) {
            LOG.info("[{}/{}] {}: resuming, {} (key {})", index, count, stage.id(), before.label(), stage.key().shortHash());
        } else {
            LOG.info("[{}/{}] {}: {} (key {})", index, count, stage.id(), stage.describe(), stage.key().shortHash());
        }
    }

    @Override
    public void finished(Stage stage) throws IOException {
        stage.record(run);
        if (stage instanceof TrainStage) {
            writeMetrics();
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

    /** The stage list {@code provenance.json} records. */
    public static List<Map<String, Object>> provenance(StageGraph graph) {
        return graph.describe();
    }
}
