package dev.graft.pipeline;

import dev.graft.data.PositionSource;
import dev.graft.io.AtomicFiles;
import dev.graft.model.Transformer;
import dev.graft.probe.ProbeFiles;
import dev.graft.spec.ExperimentSpec.ModelSize;
import dev.graft.train.CheckpointStore;
import dev.graft.train.MetricsLog;
import dev.graft.train.Trainer;
import dev.graft.train.TrainerOptions;
import dev.graft.train.TrainingConfig;
import dev.graft.train.TrainingResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains one condition's model for one seed: {@code train-small} (a small model from its seed's
 * initialisation, with or without the auxiliary loss) or {@code train-large} (a large model from
 * its start — the seed's shared initialisation or a graft — with the main objectives only, batch
 * {@code training.batch.large}). It works in the cache's work folder of its key (checkpoints and its
 * own {@code metrics.jsonl}); killed, it resumes from its newest checkpoint with the numbers an
 * uninterrupted run would have produced; finished, it commits the folder as its artifact
 * ({@link TrainArtifact}). Its settings and the training part of its key are {@link TrainStageSettings}'s;
 * how it probes is {@link TrainProbing}'s.
 */
public final class TrainStage implements Stage {
    private static final Logger LOG = LoggerFactory.getLogger(TrainStage.class);
    /** Bump when the trainer changes what the same inputs produce. */
    public static final String CODE_VERSION = "train-3";

    private final RunSetup setup;
    private final ModelContext models;
    private final DataStage data;
    private final String condition;
    private final long seed;
    private final ModelSize size;
    private final boolean auxLoss;
    private final ModelSource start;
    private final TrainStageSettings settings;
    /** How the model is probed while it trains; null when the run's probes do not apply to it. */
    private final TrainProbing probing;
    /** How the model is measured while it trains; null when the run measures nothing or the model is small. */
    private final TrainMeasuring measuring;
    private StageKey key;
    private Long steps;

    /**
     * A stage that probes nothing.
     *
     * @param condition the condition's name (the run folder's and the metrics' name for it)
     * @param size      which model is trained
     * @param auxLoss   whether the auxiliary loss is on (small models only)
     * @param start     where a large model's weights start; null for a small model (fresh from its seed)
     */
    public TrainStage(RunSetup setup, ModelContext models, DataStage data, String condition, long seed, ModelSize size,
                      boolean auxLoss, ModelSource start) {
        this(setup, models, data, condition, seed, size, auxLoss, start, null);
    }

    /**
     * A stage that probes its model while it trains when the run's probes apply to its size: rows into
     * the artifact's own {@code probes.csv}, the final probe's files under its {@code probes/}.
     *
     * @param probing the run's probes and how they attach; null for none
     */
    TrainStage(RunSetup setup, ModelContext models, DataStage data, String condition, long seed, ModelSize size,
               boolean auxLoss, ModelSource start, TrainProbing probing) {
        this(setup, models, data, condition, seed, size, auxLoss, start, probing, null);
    }

    /**
     * A stage that also measures its model (a large one) while it trains: rows into the artifact's own
     * {@code measures.csv}.
     *
     * @param measuring the run's measures; null for none
     */
    TrainStage(RunSetup setup, ModelContext models, DataStage data, String condition, long seed, ModelSize size,
               boolean auxLoss, ModelSource start, TrainProbing probing, TrainMeasuring measuring) {
        if ((size == ModelSize.LARGE) != (start != null)) {
            throw new IllegalArgumentException("a large model needs a start (initialisation or graft); a small one has none");
        }
        if (size == ModelSize.LARGE && auxLoss) {
            throw new IllegalArgumentException("large models train without the auxiliary loss");
        }
        this.setup = setup;
        this.models = models;
        this.data = data;
        this.condition = condition;
        this.seed = seed;
        this.size = size;
        this.auxLoss = auxLoss;
        this.start = start;
        this.settings = new TrainStageSettings(setup, size, auxLoss);
        this.probing = probing != null && probing.applies(size) ? probing : null;
        this.measuring = measuring != null && size == ModelSize.LARGE && measuring.measures().any()
                && measuring.measures().applies(condition, start instanceof GraftStage) ? measuring : null;
    }

    @Override
    public String kind() {
        return size == ModelSize.SMALL ? "train-small" : "train-large";
    }

    @Override
    public String id() {
        return kind() + " " + condition + " seed=" + seed;
    }

    /** Whether this stage probes its model. */
    public boolean probed() {
        return probing != null;
    }

    /** Whether this stage measures its model. */
    public boolean measured() {
        return measuring != null;
    }

    public String condition() {
        return condition;
    }

    public long seed() {
        return seed;
    }

    @Override
    public String describe() {
        var shape = models.shape(size);
        return String.format(Locale.ROOT, "train %s seed %d: %s model (%d layers × %d heads, d_model %d, d_mlp %d), "
                        + "batch %d, %s, auxiliary loss %s%s", condition, seed, size.label(), shape.layers(),
                shape.heads(), shape.dModel(), shape.dMlp(), settings.batch(), settings.length(), auxLoss ? "on" : "off",
                start == null ? "" : ", from " + start.id())
                + (probing == null ? "" : "; probes: " + probing.probes().describe(size))
                + (measuring == null ? "" : "; measures: " + measuring.measures().describe());
    }

    @Override
    public List<Stage> inputs() {
        return start == null ? List.of(data) : List.of(data, start);
    }

    @Override
    public StageKey key() {
        if (key == null) {
            Map<String, Object> code = new LinkedHashMap<>();
            code.put("stage", CODE_VERSION);
            code.putAll(models.modelCode());
            Map<String, Object> keySettings = new LinkedHashMap<>();
            keySettings.put("model", models.modelSettings(size));
            keySettings.put("training", settings.keySettings());
            keySettings.put("aux_loss", auxLoss);
            keySettings.put("validation_seed", data.validationSeed());
            if (probing != null) {
                keySettings.put("probes", probing.probes().keySettings());
            }
            if (measuring != null) {
                keySettings.put("measures", measuring.measures().keySettings());
            }
            Map<String, String> inputs = new LinkedHashMap<>();
            inputs.put("data", data.key().hash());
            if (start != null) {
                inputs.put("start", start.key().hash());
            }
            key = StageKey.of(kind(), code, keySettings, inputs, seed);
        }
        return key;
    }

    @Override
    public StageState state() {
        ArtifactCache cache = setup.cache();
        if (cache.isComplete(key())) {
            return StageState.CACHED;
        }
        return new TrainArtifact(cache.work(key())).checkpointStore().latest()
                .map(p -> StageState.partial(CheckpointStore.stepOf(p), Math.max(0, steps())))
                .orElse(StageState.MISSING);
    }

    @Override
    public long steps() {
        if (steps == null) {
            if (!settings.stepsGiven() && data.cachedData().isEmpty()) {
                return -1;
            }
            steps = settings.stepsGiven() ? settings.steps(0) : settings.steps(data.training(seed).positionsPerEpoch());
        }
        return steps;
    }

    /**
     * The steps {@link #steps()} will give, estimated before the data exists: {@code training.steps} when
     * given, else {@code training.epochs} over the positions the training games are expected to give —
     * per-game sampling: the training games less the share {@code shortShare} no longer than {@code min_ply}
     * (which give none), × {@code per_game}; every ply: the training games × {@code pliesPerGame}.
     */
    public long estimatedSteps(double shortShare, double pliesPerGame) {
        if (settings.stepsGiven()) {
            return settings.steps(0);
        }
        long known = steps();
        if (known >= 0) {
            return known;
        }
        double games = data.trainingGames();
        var p = setup.spec().training().positions();
        double positions = p.perGameSampling() ? games * (1 - shortShare) * p.perGame() : games * pliesPerGame;
        return settings.steps(Math.max(1, Math.round(positions)));
    }

    @Override
    public StepCost stepCost() {
        return new StepCost(models.shape(size), settings.batch(), models.game().tokens(), models.game().moves(),
                models.auxOutputs());
    }

    @Override
    public void run() throws IOException {
        ArtifactCache cache = setup.cache();
        try (ArtifactCache.WorkLock lock = cache.lockWork(key())) {
            if (!cache.isComplete(key())) {
                train(cache);
            }
        }
    }

    private void train(ArtifactCache cache) throws IOException {
        TrainArtifact work = new TrainArtifact(cache.openWork(key()));
        String label = label(work);
        PositionSource train = data.training(seed);
        PositionSource validation = data.validation();
        TrainingConfig config = settings.config(id(), label, work.dir(), steps(), seed);
        Transformer model = models.newModel(size, seed);
        if (setup.trainThreads() > 0) {
            model.setTrainThreads(setup.trainThreads());
        }
        // A damaged newest checkpoint is set aside here, so "fresh" means what the trainer will find.
        boolean fresh = new CheckpointStore(config.checkpointDir()).latestReadable().isEmpty();
        if (fresh) {
            // A fresh large model takes its weights from its start; a resumed one from its own checkpoint.
            if (start != null) {
                CheckpointStore.read(start.checkpoint()).loadParametersInto(model);
            }
        }
        TrainerOptions options = trainerOptions();
        if (probing != null) {
            options = options.withListener(probing.listener(models, size, work, condition, seed, model, start, fresh));
        }
        if (measuring != null) {
            options = options.withListener(measuring.listener(models, work, condition, seed, model, start));
        }
        Trainer trainer = new Trainer(model, config, train, validation, options);
        TrainingResult result = trainer.train();
        model.releaseBuffers();
        LOG.info("{}: finished at step {}", label, result.finalStep());
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("label", label);
        facts.put("condition", condition);
        facts.put("seed", seed);
        facts.put("made_by", setup.spec().name());
        facts.put("steps", config.totalSteps());
        facts.put("step_cost", stepCost().toMap());
        facts.put("ms_per_step", MetricsLog.medianStepMillis(work.metrics()));
        cache.commit(key(), facts);
    }

    /** How the trainer reports (a probe listener attaches to these). */
    private TrainerOptions trainerOptions() {
        TrainerOptions options = setup.progress() ? TrainerOptions.defaults() : TrainerOptions.quiet();
        return options.withProvenance(models.provenance(condition, seed, key(), auxLoss)).withStop(setup.stop());
    }

    /**
     * The trainer's label for this artifact: {@code condition/seed-s} as the spec that started it
     * named it. A partial artifact resumed by another spec keeps the label its checkpoints carry.
     */
    private String label(TrainArtifact work) throws IOException {
        Path file = work.label();
        if (Files.isRegularFile(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        String label = condition + "/seed-" + seed;
        AtomicFiles.writeString(file, label + "\n");
        return label;
    }

    // ---- the finished artifact ------------------------------------------------------------------

    private TrainArtifact finished() {
        return new TrainArtifact(setup.cache().artifact(key()));
    }

    /** The finished artifact's folder. */
    public Path artifact() {
        return finished().dir();
    }

    /** The finished artifact's {@code metrics.jsonl} (every record this model's training logged). */
    public Path metrics() {
        return finished().metrics();
    }

    /** The finished artifact's probe rows ({@code probes.csv}; absent when the stage probes nothing). */
    public Path probeRows() {
        return finished().probeRows();
    }

    /** The finished artifact's measure rows ({@code measures.csv}; absent when the stage measures nothing). */
    public Path measureRows() {
        return finished().measureRows();
    }

    /** The finished artifact's checkpoints, oldest first. */
    public List<Path> checkpoints() {
        return finished().checkpoints();
    }

    /**
     * The checkpoint a graft copies: {@code best} (lowest epoch-end validation loss) or {@code last}.
     */
    public Path sourceCheckpoint(String choice) {
        return finished().select(choice).orElseThrow(() -> new IllegalStateException(id() + " has no " + choice
                + " checkpoint in " + artifact()));
    }

    @Override
    public void record(RunDirectory run) throws IOException {
        TrainArtifact artifact = finished();
        Map<String, Path> files = new LinkedHashMap<>();
        if (start != null) {
            files.put(CheckpointStore.fileName(0), start.checkpoint());
        }
        for (Path p : artifact.checkpoints()) {
            files.put(p.getFileName().toString(), p);
        }
        artifact.best().ifPresent(best -> files.put(CheckpointStore.BEST_FILE, best));
        run.linkCheckpoints(condition, seed, files);
        Path finalProbes = ProbeFiles.runFolder(artifact.dir(), condition, seed);
        if (probing != null && Files.isDirectory(finalProbes)) {
            run.linkDirectory(artifact.dir().relativize(finalProbes).toString(), finalProbes);
        }
    }
}
