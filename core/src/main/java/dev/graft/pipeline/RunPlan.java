package dev.graft.pipeline;

import dev.graft.spec.ExperimentSpec;
import dev.graft.spec.ExperimentSpec.Condition;
import dev.graft.spec.ExperimentSpec.ModelSize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a validated spec into the DAG of its run: the data; then for every seed, each small
 * condition's training, the seed's large initialisation (shared by its large conditions), each
 * graft of a trained small model into that initialisation, and each large condition's training.
 */
public final class RunPlan {
    private RunPlan() {
    }

    public static StageGraph of(RunSetup setup) {
        ExperimentSpec experiment = setup.spec().experiment();
        List<Stage> stages = new ArrayList<>();
        DataStage data = new DataStage(setup);
        ModelContext models = new ModelContext(setup);
        stages.add(data);
        for (long seed : experiment.seeds()) {
            Map<String, TrainStage> small = new LinkedHashMap<>();
            for (Condition c : experiment.conditions()) {
                if (c.model() == ModelSize.SMALL) {
                    TrainStage t = new TrainStage(setup, models, data, c.name(), seed, ModelSize.SMALL, c.auxiliary(), null);
                    small.put(c.name(), t);
                    stages.add(t);
                }
            }
            InitLargeStage init = null;
            for (Condition c : experiment.conditions()) {
                if (c.model() != ModelSize.LARGE) {
                    continue;
                }
                if (init == null) {
                    init = new InitLargeStage(setup, models, seed);
                    stages.add(init);
                }
                ModelSource start = init;
                if (c.graft().isPresent()) {
                    var g = c.graft().get();
                    GraftStage graft = new GraftStage(setup, models, c.name(), seed, g, small.get(g.from()), init);
                    stages.add(graft);
                    start = graft;
                }
                stages.add(new TrainStage(setup, models, data, c.name(), seed, ModelSize.LARGE, false, start));
            }
        }
        return StageGraph.of(stages);
    }
}
