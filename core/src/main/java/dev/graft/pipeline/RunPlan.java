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

    /**
     * @throws dev.graft.io.UserInputException when a compare entry's conditions will not be probed
     *                                         where it compares them (before any work)
     */
    public static StageGraph of(RunSetup setup) {
        RunAnalysis.check(setup.spec());
        ExperimentSpec experiment = setup.spec().experiment();
        List<Stage> stages = new ArrayList<>();
        DataStage data = new DataStage(setup);
        ModelContext models = new ModelContext(setup);
        RunProbes probes = new RunProbes(setup, data);
        TrainMeasuring measuring = new TrainMeasuring(new RunMeasures(setup, data));
        int keyLayer = keyLayer(experiment);
        stages.addAll(data.shards()); // data.shards > 1: the shards generate ranges of the games, the data stage merges them
        stages.add(data);
        for (long seed : experiment.seeds()) {
            Map<String, TrainStage> small = new LinkedHashMap<>();
            for (Condition c : experiment.conditions()) {
                if (c.model() == ModelSize.SMALL) {
                    TrainStage t = new TrainStage(setup, models, data, c.name(), seed, ModelSize.SMALL, c.auxiliary(), null,
                            new TrainProbing(probes, null, keyLayer));
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
                int key = c.graft().map(g -> g.lastCopiedLayer()).filter(l -> l >= 0).orElse(keyLayer);
                stages.add(new TrainStage(setup, models, data, c.name(), seed, ModelSize.LARGE, false, start,
                        new TrainProbing(probes, init, key), measuring));
            }
        }
        return StageGraph.of(stages);
    }

    /**
     * The layer a condition's progress line shows the probe R² of when it has no graft of its own: the
     * last layer the spec's first graft copies into (the study's key readout), else −1 (the last probed).
     */
    static int keyLayer(ExperimentSpec experiment) {
        for (Condition c : experiment.conditions()) {
            if (c.graft().isPresent() && c.graft().get().lastCopiedLayer() >= 0) {
                return c.graft().get().lastCopiedLayer();
            }
        }
        return -1;
    }
}
