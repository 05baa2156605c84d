package dev.graft.pipeline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/** The ordered stages of a run. */
public final class Pipeline {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final List<Stage> stages;

    public Pipeline(List<Stage> stages) {
        this.stages = List.copyOf(stages);
    }

    public List<Stage> stages() {
        return stages;
    }

    /** One row of a plan. */
    public record PlanRow(String id, String description, String key, boolean cached) {
    }

    public List<PlanRow> plan() {
        List<PlanRow> rows = new ArrayList<>();
        for (Stage s : stages) {
            rows.add(new PlanRow(s.id(), s.describe(), s.key(), s.done()));
        }
        return rows;
    }

    /** Runs every stage whose artifact is not complete, in order. */
    public void run() throws Exception {
        int i = 0;
        for (Stage s : stages) {
            i++;
            if (s.done()) {
                LOG.info("[{}/{}] {}: done already (key {}), reusing it", i, stages.size(), s.id(), shortKey(s.key()));
                continue;
            }
            LOG.info("[{}/{}] {}: {}", i, stages.size(), s.id(), s.describe());
            s.run();
        }
    }

    static String shortKey(String key) {
        return key.length() > 12 ? key.substring(0, 12) : key;
    }
}
