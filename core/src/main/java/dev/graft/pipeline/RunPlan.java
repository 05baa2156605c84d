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
        var spec = setup.spec();
        var small = spec.models().small();
        int batch = spec.training().batch().small();
        if (!spec.auxiliary().isEmpty()) {
            stages.add(new TrainStage(setup, data, "small+aux", small, batch, true));
        }
        stages.add(new TrainStage(setup, data, "small-aux", small, batch, false));
        return new Pipeline(stages);
    }
}
