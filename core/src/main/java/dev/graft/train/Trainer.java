package dev.graft.train;

import dev.graft.data.PositionSource;
import dev.graft.data.Batch;
import dev.graft.model.Evaluation;
import dev.graft.model.LossParts;
import dev.graft.model.TrainableModel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Trains a {@link TrainableModel} with AdamW under a cosine schedule, validates, logs and checkpoints,
 * and resumes after a kill with exactly the numbers an uninterrupted run would have produced.
 * <p>
 * Step {@code s} (0-based; the record logged for it says {@code step = s + 1}, the finished step count)
 * trains on positions {@code [s·B, s·B + B)} of the training source with learning rate
 * {@code schedule.lr(s)}. After step {@code n} finished steps:
 * <ul>
 *   <li>a training record goes to {@code metrics.jsonl} when {@code n % logEvery == 0} or at the end;</li>
 *   <li>a quick validation on {@code validation.sample(n, quickValidationPositions)} when
 *       {@code n % validateEvery == 0} (and at {@code n = 0} on a fresh start), so every run scores the
 *       same positions at the same step;</li>
 *   <li>a full validation over the validation source's first {@code positionsPerEpoch} positions when
 *       step {@code n} completes a training epoch, and at the end;</li>
 *   <li>the best checkpoint ({@link CheckpointStore#BEST_FILE}) rewritten whenever a full validation's total
 *       loss is lower than every earlier one of the run (the study's graft source); the best so far travels
 *       in every checkpoint's {@code meta.json} ({@code best}), so a resumed run compares against it;</li>
 *   <li>the {@link TrainingListener}s of the options ({@code afterStep}, and {@code afterTraining} after the
 *       last step), before that step's checkpoint;</li>
 *   <li>a checkpoint when {@code n % checkpointEvery == 0} and at the end.</li>
 * </ul>
 * {@link #train()} first resumes from the newest checkpoint in the config's checkpoint directory, if any,
 * and drops this label's {@code metrics.jsonl} lines after that checkpoint's step (all of them on a fresh
 * start), so a rerun never duplicates lines. The trainer itself draws no random numbers: the data order
 * is the sources', so parameters, moments and the step count are the whole state.
 */
public final class Trainer {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final TrainableModel model;
    private final TrainingConfig config;
    private final PositionSource train;
    private final PositionSource validation;
    private final TrainerOptions options;
    private final AdamW optimizer;
    private final LearningRateSchedule schedule;
    private final CheckpointStore checkpoints;
    private final TrainingMeters meters;
    private long step;
    private Map<String, Object> lastTrainRecord;
    private Map<String, Object> lastQuickRecord;
    private Map<String, Object> lastFullRecord;
    /** The best full validation so far; null before the first. */
    private TrainerState.Best best;

    public Trainer(TrainableModel model, TrainingConfig config, PositionSource train, PositionSource validation,
                   TrainerOptions options) {
        this(model, config, train, validation, options, new CheckpointStore(config.checkpointDir()));
    }

    /** With a given checkpoint store (tests inject one that fails while writing). */
    Trainer(TrainableModel model, TrainingConfig config, PositionSource train, PositionSource validation,
            TrainerOptions options, CheckpointStore checkpoints) {
        this.model = Objects.requireNonNull(model, "model");
        this.config = Objects.requireNonNull(config, "config");
        this.train = Objects.requireNonNull(train, "train");
        this.validation = Objects.requireNonNull(validation, "validation");
        this.options = Objects.requireNonNull(options, "options");
        this.checkpoints = checkpoints;
        checkModel(model);
        if (train.positionsPerEpoch() <= 0 || validation.positionsPerEpoch() <= 0) {
            throw new IllegalArgumentException("training and validation sources need positions, got "
                    + train.positionsPerEpoch() + " and " + validation.positionsPerEpoch());
        }
        this.optimizer = new AdamW(model.parameters(), config.weightDecay());
        dev.graft.model.OutsideLoss.indices(model.parameterNames(), config.lossWeights()).forEach(optimizer::leaveAlone);
        this.schedule = config.schedule();
        this.meters = new TrainingMeters(options.meters(), config.label());
    }

    private static void checkModel(TrainableModel model) {
        List<String> names = model.parameterNames();
        List<INDArray> params = model.parameters();
        List<INDArray> grads = model.gradients();
        if (names.size() != params.size() || grads.size() != params.size()) {
            throw new IllegalArgumentException("model has " + names.size() + " names, " + params.size()
                    + " parameters and " + grads.size() + " gradients; they must match one to one");
        }
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("model parameter names must be unique: " + names);
        }
        for (int i = 0; i < params.size(); i++) {
            if (!Arrays.equals(params.get(i).shape(), grads.get(i).shape())) {
                throw new IllegalArgumentException("gradient of '" + names.get(i) + "' has shape "
                        + Arrays.toString(grads.get(i).shape()) + ", parameter has "
                        + Arrays.toString(params.get(i).shape()));
            }
        }
    }

    /** Finished optimizer steps. */
    public long step() {
        return step;
    }

    public TrainingConfig config() {
        return config;
    }

    public AdamW optimizer() {
        return optimizer;
    }

    /** Where this run's checkpoints go. */
    public CheckpointStore checkpoints() {
        return checkpoints;
    }

    /** {@code metrics.jsonl} in the run directory. */
    public Path metricsFile() {
        return config.runDir().resolve("metrics.jsonl");
    }

    /**
     * Resumes from the newest checkpoint (if any) and trains to the configured total steps.
     *
     * @throws NonFiniteLossException when a loss term becomes NaN or infinite (nothing is updated or
     *                                checkpointed for that step)
     * @throws CheckpointException    when the newest checkpoint cannot be read or a checkpoint cannot be written
     */
    public TrainingResult train() {
        checkpoints.removeTemporaryFiles();
        Checkpoint resumeFrom = checkpoints.latestReadable().orElse(null); // a damaged newest one is set aside
        Path lastCheckpoint = resumeFrom == null ? null : resumeFrom.file();
        boolean fresh = lastCheckpoint == null;
        if (fresh) {
            step = 0;
            best = null;
            checkpoints.removeBest();
        } else {
            restore(resumeFrom);
            LOG.info("{}: resuming from {} (step {} of {})", config.label(), lastCheckpoint, step,
                    config.totalSteps());
            if (best != null && checkpoints.best().isEmpty()) {
                LOG.warn("{}: {} (step {}) is missing; the next full validation that improves on it writes a new one",
                        config.label(), checkpoints.directory().resolve(CheckpointStore.BEST_FILE), best.step());
            }
        }
        long start = step;
        List<ValidationResult> validations = new ArrayList<>();
        LossParts lastLoss = null;
        int batch = config.batchSize();
        long perEpoch = train.positionsPerEpoch();
        try (MetricsLog log = new MetricsLog(metricsFile());
             ProgressDisplay progress = ProgressDisplay.open(options.progressBar(), config.label(), start,
                     config.totalSteps())) {
            log.rewindTo(config.label(), fresh ? -1 : start);
            for (TrainingListener l : options.listeners()) {
                l.beforeTraining(start, fresh, model);
            }
            if (fresh && config.validateEvery() > 0) {
                validations.add(quickValidation(log));
            }
            while (step < config.totalSteps()) {
                long s = step;
                long t0 = System.nanoTime();
                Batch b = train.read(s * batch, batch);
                LossParts loss = model.trainStep(b, config.lossWeights());
                checkFinite(loss, s + 1, lastCheckpoint);
                double lr = schedule.lr(s);
                optimizer.step(model.gradients(), lr);
                long nanos = System.nanoTime() - t0;
                step = s + 1;
                lastLoss = loss;
                double samplesPerSecond = batch * 1e9 / Math.max(1, nanos);
                meters.record(nanos, batch, lr, loss);
                progress.update(step, loss.total(), samplesPerSecond, listenerStatus());
                boolean last = step == config.totalSteps();
                if (step % config.logEvery() == 0 || last) {
                    lastTrainRecord = trainRecord(lr, loss, b.auxOutputs() > 0, samplesPerSecond, nanos);
                    log.append(lastTrainRecord);
                }
                if (config.validateEvery() > 0 && step % config.validateEvery() == 0) {
                    validations.add(quickValidation(log));
                }
                boolean epochEnd = (step * batch) / perEpoch > ((step - 1) * batch) / perEpoch;
                if (epochEnd || last) {
                    validations.add(fullValidation(log));
                }
                for (TrainingListener l : options.listeners()) {
                    l.afterStep(step, model);
                    if (last) {
                        l.afterTraining(step, model);
                    }
                }
                if (onSchedule(step)) {
                    lastCheckpoint = writeCheckpoint();
                }
                if (!last && options.stop().requested()) {
                    // Stopped at a step boundary: this step's checkpoint (kept off the schedule, so a resumed run
                    // ends with the same checkpoints as an uninterrupted one) holds everything a resume needs.
                    if (lastCheckpoint == null || lastCheckpoint.getFileName().toString().equals(CheckpointStore.BEST_FILE)
                            || CheckpointStore.stepOf(lastCheckpoint) != step) {
                        lastCheckpoint = checkpoints.write(checkpointMeta(), model.parameterNames(),
                                model.parameters(), optimizer.firstMoments(), optimizer.secondMoments());
                    }
                    throw new StopRequestedException(options.stop().reason().orElse("stop"), config.label(), step,
                            lastCheckpoint);
                }
            }
        }
        return new TrainingResult(config.label(), start, step, lastLoss, validations,
                checkpoints.latest().orElse(lastCheckpoint));
    }

    /** The listeners' status words for the progress line, e.g. {@code R²@L2 0.312}. */
    private String listenerStatus() {
        StringBuilder s = new StringBuilder();
        for (TrainingListener l : options.listeners()) {
            String part = l.status();
            if (part != null && !part.isBlank()) {
                s.append(s.length() == 0 ? "" : ", ").append(part.strip());
            }
        }
        return s.toString();
    }

    private void checkFinite(LossParts loss, long failingStep, Path lastCheckpoint) {
        String term = null;
        double value = 0;
        if (!Double.isFinite(loss.value())) {
            term = "value";
            value = loss.value();
        } else if (!Double.isFinite(loss.policy())) {
            term = "policy";
            value = loss.policy();
        } else if (!Double.isFinite(loss.aux())) {
            term = "aux";
            value = loss.aux();
        } else if (!Double.isFinite(loss.total())) {
            term = "total";
            value = loss.total();
        }
        if (term != null) {
            throw new NonFiniteLossException(config.label(), failingStep, term, value, lastCheckpoint);
        }
    }

    private Map<String, Object> trainRecord(double lr, LossParts loss, boolean hasAux, double samplesPerSecond,
                                            long nanos) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("step", step);
        r.put("label", config.label());
        r.put("split", "train");
        r.put("epoch", (double) (step * config.batchSize()) / train.positionsPerEpoch());
        r.put("lr", lr);
        r.put("loss", loss.total());
        r.put("value_loss", loss.value());
        r.put("policy_loss", loss.policy());
        if (hasAux) {
            r.put("aux_loss", loss.aux());
        }
        r.put("samples_per_s", samplesPerSecond);
        r.put("step_ms", nanos / 1e6);
        return r;
    }

    private ValidationResult quickValidation(MetricsLog log) {
        Batch b = validation.sample(step, config.quickValidationPositions());
        ValidationResult r = ValidationResult.combine("quick", step,
                List.of(model.evaluate(b, config.lossWeights())), b.auxOutputs() > 0);
        lastQuickRecord = r.toRecord(config.label());
        log.append(lastQuickRecord);
        return r;
    }

    private ValidationResult fullValidation(MetricsLog log) {
        long total = validation.positionsPerEpoch();
        List<Evaluation> parts = new ArrayList<>();
        boolean hasAux = false;
        for (long from = 0; from < total; from += config.batchSize()) {
            int count = (int) Math.min(config.batchSize(), total - from);
            Batch b = validation.read(from, count);
            hasAux |= b.auxOutputs() > 0;
            parts.add(model.evaluate(b, config.lossWeights()));
        }
        ValidationResult r = ValidationResult.combine("full", step, parts, hasAux);
        lastFullRecord = r.toRecord(config.label());
        log.append(lastFullRecord);
        LOG.info(String.format(java.util.Locale.ROOT, "%s: step %d full validation: loss %.4f (value %.4f), value accuracy"
                        + " %.3f, policy top-1 %.3f", config.label(), step, r.loss().total(), r.loss().value(),
                r.valueAccuracy(), r.policyTop1()));
        keepIfBest(r);
        return r;
    }

    /** Writes the best checkpoint when {@code r} has the lowest (finite) total loss of the run so far. */
    private void keepIfBest(ValidationResult r) {
        double loss = r.loss().total();
        if (!Double.isFinite(loss)) {
            return;
        }
        if (best != null && !(loss < best.loss())) {
            return;
        }
        best = new TrainerState.Best(step, loss, lastFullRecord);
        checkpoints.writeBest(checkpointMeta(), model.parameterNames(), model.parameters(),
                optimizer.firstMoments(), optimizer.secondMoments());
    }

    /** Whether a checkpoint after {@code n} finished steps is one of the schedule's (every checkpointEvery, the last). */
    private boolean onSchedule(long n) {
        return (config.checkpointEvery() > 0 && n % config.checkpointEvery() == 0) || n == config.totalSteps();
    }

    private Path writeCheckpoint() {
        Path written = checkpoints.write(checkpointMeta(), model.parameterNames(), model.parameters(),
                optimizer.firstMoments(), optimizer.secondMoments());
        for (Path p : checkpoints.list()) {
            if (CheckpointStore.stepOf(p) < step && !onSchedule(CheckpointStore.stepOf(p))) {
                checkpoints.delete(p); // a stop's checkpoint, superseded by this scheduled one
            }
        }
        checkpoints.prune(config.keepCheckpoints());
        return written;
    }

    /** What this step's checkpoint says beside the arrays: the trainer's state and the run's provenance. */
    private CheckpointMeta checkpointMeta() {
        TrainerState state = new TrainerState(
                new TrainerState.Optimizer(optimizer.weightDecay(), optimizer.beta1(), optimizer.beta2(), optimizer.eps(),
                        optimizer.stepCount()),
                schedule, config.toMap(), lastTrainRecord, lastQuickRecord, lastFullRecord, best);
        return new CheckpointMeta(step, config.label(), model.shape(), state, options.provenance(), Map.of());
    }

    private void restore(Checkpoint c) {
        if (!config.label().equals(c.label())) {
            throw new CheckpointException(c.file(), "belongs to run '" + c.label() + "', not '" + config.label()
                    + "' (each label needs its own checkpoint directory)");
        }
        if (c.step() > config.totalSteps()) {
            throw new CheckpointException(c.file(), "is at step " + c.step() + ", past this run's "
                    + config.totalSteps() + " total steps (use a fresh directory for a shorter run)");
        }
        c.loadParametersInto(model);
        List<INDArray> m = new ArrayList<>();
        List<INDArray> v = new ArrayList<>();
        for (String name : c.parameterNames()) {
            m.add(c.firstMoments().get(name));
            v.add(c.secondMoments().get(name));
        }
        optimizer.restore(c.optimizerSteps(), m, v);
        step = c.step();
        TrainerState state = c.meta().trainer();
        if (state != null) {
            lastTrainRecord = state.lastTrain();
            lastQuickRecord = state.lastQuick();
            lastFullRecord = state.lastFull();
        }
        best = state != null ? state.best() : null;
    }
}
