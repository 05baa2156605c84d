package dev.graft.pipeline;

import dev.graft.io.UserInputException;
import dev.graft.model.LossWeights;
import dev.graft.spec.ExperimentSpec.ModelSize;
import dev.graft.spec.Section;
import dev.graft.spec.TrainingSpec;
import dev.graft.train.TrainingConfig;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one training stage trains with, from the spec: the model's batch size and loss weights, the
 * training part of the stage's key, the run's length, and the trainer's {@link TrainingConfig}. Every
 * value comes from the spec's {@code training:} section as bound ({@link TrainingSpec}); nothing here
 * has a default of its own.
 */
final class TrainStageSettings {
    /** Checkpoints kept in a finished artifact (the newest ones). */
    static final int KEEP_CHECKPOINTS = 2;

    private final RunSetup setup;
    private final ModelSize size;
    private final boolean auxLoss;

    TrainStageSettings(RunSetup setup, ModelSize size, boolean auxLoss) {
        this.setup = setup;
        this.size = size;
        this.auxLoss = auxLoss;
    }

    private TrainingSpec training() {
        return setup.spec().training();
    }

    int batch() {
        return training().batchSize(size);
    }

    LossWeights weights() {
        return training().lossWeights(auxLoss);
    }

    /** The spec's {@code training:} with this model's batch size and the loss weights it actually trains with. */
    Map<String, Object> keySettings() {
        Map<String, Object> t = new LinkedHashMap<>(((Section) setup.spec().values().get("training")).toPlainMap());
        t.put("batch", batch());
        LossWeights w = weights();
        t.put("loss", Map.of("value", w.value(), "policy", w.policy(), "aux", w.aux()));
        return t;
    }

    /** {@code 1,000 steps} or {@code 3 epochs}, as the spec says how long to train. */
    String length() {
        TrainingSpec t = training();
        return t.steps() > 0 ? String.format(Locale.ROOT, "%,d steps", t.steps())
                : t.epochs() + " epoch" + (t.epochs() == 1 ? "" : "s");
    }

    /** {@code training.steps} when given, else the steps of {@code training.epochs} over {@code positionsPerEpoch}. */
    long steps(long positionsPerEpoch) {
        TrainingSpec t = training();
        return t.steps() > 0 ? t.steps() : TrainingConfig.stepsFor(t.epochs(), positionsPerEpoch, batch());
    }

    /** Whether the spec gives the steps ({@code training.steps}), so no data is needed to know them. */
    boolean stepsGiven() {
        return training().steps() > 0;
    }

    /**
     * The trainer's settings for the run {@code label} of {@code totalSteps} steps in the work folder
     * {@code work} (its {@code metrics.jsonl} and {@code checkpoints/}).
     *
     * @param stageId the stage, named in the error when the warm-up does not end before the last step
     */
    TrainingConfig config(String stageId, String label, Path work, long totalSteps, long seed) {
        TrainingSpec t = training();
        if (t.warmupSteps() >= totalSteps) {
            throw new UserInputException("training.warmup_steps (" + t.warmupSteps() + ") must end before the last"
                    + " of " + stageId + "'s " + totalSteps + " steps (training.epochs × positions per epoch / batch);"
                    + " lower training.warmup_steps or train longer");
        }
        return TrainingConfig.builder(label, t.forModel(size, auxLoss))
                .totalSteps(totalSteps)
                .logEvery(Math.max(1, Math.min(t.validateEvery(), 10)))
                .keepCheckpoints(KEEP_CHECKPOINTS)
                .seed(seed)
                .runDir(work)
                .checkpointDir(work.resolve(TrainArtifact.CHECKPOINTS))
                .build();
    }
}
