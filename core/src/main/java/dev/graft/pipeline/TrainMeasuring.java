package dev.graft.pipeline;

import dev.graft.measure.MeasureListener;
import dev.graft.measure.MeasureLog;
import dev.graft.model.Transformer;
import dev.graft.spec.ExperimentSpec.ModelSize;
import dev.graft.train.CheckpointStore;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * How a large model's training stage measures it (docs/circuits.md): the run's measures, at step 0 and at
 * the measure steps, with the model's start (the graft or the seed's initialisation) and, for a graft, the
 * source small model and the graft plan; a model that is not grafted gets the first graft's plan, so that
 * a measure can read the same heads and neurons of it as a control.
 */
record TrainMeasuring(RunMeasures measures) {

    TrainMeasuring {
        Objects.requireNonNull(measures, "measures");
    }

    /** The listener measuring {@code model}; rows into the work folder's measures.csv. */
    MeasureListener listener(ModelContext models, TrainArtifact work, String condition, long seed, Transformer model,
                             ModelSource start) {
        Supplier<Transformer> startModel = () -> {
            Transformer m = models.newModel(ModelSize.LARGE, seed);
            CheckpointStore.read(start.checkpoint()).loadParametersInto(m);
            return m;
        };
        Supplier<Transformer> source = null;
        dev.graft.spi.GraftPlan plan = null;
        if (!(start instanceof GraftStage)) {
            plan = measures.controlPlan().orElse(null); // the control: the same indices as the first graft
        }
        if (start instanceof GraftStage graft) {
            source = () -> {
                Transformer small = models.newModel(ModelSize.SMALL, seed);
                CheckpointStore.read(graft.sourceCheckpoint()).loadParametersInto(small);
                return small;
            };
            plan = graft.plan();
        }
        return new MeasureListener(measures.session(), new MeasureLog(work.measureRows()), condition, seed, model,
                measures.every(), startModel, source, plan);
    }
}
