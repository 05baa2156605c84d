package dev.graft.pipeline;

import java.util.ArrayList;
import java.util.List;

/** Turns a validated spec into the stages of its run. */
public final class RunPlan {
    private RunPlan() {
    }

    public static Pipeline of(RunSetup setup) {
        List<Stage> stages = new ArrayList<>();
        DataStage data = new DataStage(setup);
        stages.add(data);
        return new Pipeline(stages);
    }
}
