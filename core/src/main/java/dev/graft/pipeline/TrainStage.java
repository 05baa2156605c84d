package dev.graft.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.model.LossWeights;
import dev.graft.model.Transformer;
import dev.graft.probe.InitProbe;
import dev.graft.probe.ProbeFiles;
import dev.graft.probe.ProbeListener;
import dev.graft.probe.ProbeLog;
import dev.graft.probe.ProbeSession;
import dev.graft.spec.ExperimentSpec.ModelSize;
import dev.graft.spec.Section;
import dev.graft.spec.TrainingSpec;
import dev.graft.train.CheckpointStore;
import dev.graft.data.PositionSource;
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
import java.util.ArrayList;
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
 * uninterrupted run would have produced; finished, it commits the folder as its artifact.
 */
public final class TrainStage implements Stage {
    private static final Logger LOG = LoggerFactory.getLogger(TrainStage.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Bump when the trainer changes what the same inputs produce. */
    public static final String CODE_VERSION = "train-3";
    /** Checkpoints kept in a finished artifact (the newest ones). */
    static final int KEEP_CHECKPOINTS = 2;
    static final String CHECKPOINTS = "checkpoints";
    static final String METRICS = "metrics.jsonl";
    private static final String LABEL_FILE = "label";
    /** The stage's own probe rows (the run directory's probes.csv is assembled from these). */
    static final String PROBES = "probes.csv";

    private final RunSetup setup;
    private final ModelContext models;
    private final DataStage data;
    private final String condition;
    private final long seed;
    private final ModelSize size;
    private final boolean auxLoss;
    private final ModelSource start;
    private StageKey key;
    private Long steps;
    private RunProbes probes;
    private InitLargeStage sharedInit;
    private int keyLayer = -1;

    /**
     * @param condition the condition's name (the run folder's and the metrics' name for it)
     * @param size      which model is trained
     * @param auxLoss   whether the auxiliary loss is on (small models only)
     * @param start     where a large model's weights start; null for a small model (fresh from its seed)
     */
    public TrainStage(RunSetup setup, ModelContext models, DataStage data, String condition, long seed, ModelSize size,
                      boolean auxLoss, ModelSource start) {
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
    }

    @Override
    public String kind() {
        return size == ModelSize.SMALL ? "train-small" : "train-large";
    }

    @Override
    public String id() {
        return kind() + " " + condition + " seed=" + seed;
    }

    /**
     * Probes this stage's model while it trains, when the run's probes apply to its size: rows into
     * the artifact's own {@code probes.csv}, the final probe's files under its {@code probes/}.
     *
     * @param sharedInit the seed's large initialisation, whose probe is the {@code @init} control of a
     *                   grafted model (null for a model trained from its own initial weights)
     * @param keyLayer   the layer whose R² the progress line shows (−1: the last probed layer)
     */
    public TrainStage withProbes(RunProbes probes, InitLargeStage sharedInit, int keyLayer) {
        if (key != null) {
            throw new IllegalStateException("probes must be set before the key is asked");
        }
        this.probes = probes != null && probes.probes(size) ? probes : null;
        this.sharedInit = sharedInit;
        this.keyLayer = keyLayer;
        return this;
    }

    /** Whether this stage probes its model. */
    public boolean probed() {
        return probes != null;
    }

    public String condition() {
        return condition;
    }

    public long seed() {
        return seed;
    }

    @Override
    public String describe() {
        TrainingSpec t = setup.spec().training();
        var shape = models.shape(size);
        String length = t.steps() > 0 ? String.format(Locale.ROOT, "%,d steps", t.steps())
                : t.epochs() + " epoch" + (t.epochs() == 1 ? "" : "s");
        return String.format(Locale.ROOT, "train %s seed %d: %s model (%d layers × %d heads, d_model %d, d_mlp %d), "
                        + "batch %d, %s, auxiliary loss %s%s", condition, seed, size.label(), shape.layers(),
                shape.heads(), shape.dModel(), shape.dMlp(), batch(), length, auxLoss ? "on" : "off",
                start == null ? "" : ", from " + start.id())
                + (probes == null ? "" : "; probes: " + probes.describe(size));
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
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("model", models.modelSettings(size));
            settings.put("training", trainingSettings());
            settings.put("aux_loss", auxLoss);
            settings.put("validation_seed", data.validationSeed());
            if (probes != null) {
                settings.put("probes", probes.keySettings());
            }
            Map<String, String> inputs = new LinkedHashMap<>();
            inputs.put("data", data.key().hash());
            if (start != null) {
                inputs.put("start", start.key().hash());
            }
            key = StageKey.of(kind(), code, settings, inputs, seed);
        }
        return key;
    }

    /** The spec's {@code training:} with this model's batch size and the loss weights it actually trains with. */
    private Map<String, Object> trainingSettings() {
        Map<String, Object> t = new LinkedHashMap<>(((Section) setup.spec().values().get("training")).toPlainMap());
        t.put("batch", batch());
        LossWeights w = weights();
        t.put("loss", Map.of("value", w.value(), "policy", w.policy(), "aux", w.aux()));
        return t;
    }

    private int batch() {
        var b = setup.spec().training().batch();
        return size == ModelSize.SMALL ? b.small() : b.large();
    }

    private LossWeights weights() {
        var loss = setup.spec().training().loss();
        return new LossWeights(loss.value(), loss.policy(), auxLoss ? loss.aux() : 0.0);
    }

    @Override
    public StageState state() {
        ArtifactCache cache = setup.cache();
        if (cache.isComplete(key())) {
            return StageState.CACHED;
        }
        return new CheckpointStore(cache.work(key()).resolve(CHECKPOINTS)).latest()
                .map(p -> StageState.partial(CheckpointStore.stepOf(p), Math.max(0, steps())))
                .orElse(StageState.MISSING);
    }

    @Override
    public long steps() {
        if (steps == null) {
            TrainingSpec t = setup.spec().training();
            if (t.steps() > 0) {
                steps = (long) t.steps();
            } else if (data.cachedData().isEmpty()) {
                return -1;
            } else {
                steps = TrainingConfig.stepsFor(t.epochs(), data.training(seed).positionsPerEpoch(), batch());
            }
        }
        return steps;
    }

    @Override
    public StepCost stepCost() {
        return new StepCost(models.shape(size), batch(), models.game().tokens(), models.game().moves(),
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
        Path work = cache.openWork(key());
        String label = label(work);
        PositionSource train = data.training(seed);
        PositionSource validation = data.validation();
        TrainingConfig config = config(label, work, steps());
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
        TrainerOptions options = trainerOptions(label);
        if (probes != null) {
            options = options.withListener(probeListener(work, model, fresh));
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
        facts.put("ms_per_step", medianStepMillis(work.resolve(METRICS)));
        cache.commit(key(), facts);
    }

    /**
     * How the trainer reports. This is where a listener attaches (e.g. probes of the large models
     * during training: {@code options.withListener(...)} for {@code kind() == "train-large"}).
     */
    private TrainerOptions trainerOptions(String label) {
        TrainerOptions options = setup.progress() ? TrainerOptions.defaults() : TrainerOptions.quiet();
        return options.withProvenance(models.provenance(condition, seed, key(), auxLoss)).withStop(setup.stop());
    }

    /**
     * The listener that probes {@code model}: rows into the work folder's probes.csv, final files under
     * its probes/. A fresh grafted model's {@code @init} control is the probe of the seed's shared
     * initialisation (loaded from its artifact); a model trained from its own initial weights (a
     * small model, the baseline) is probed at its own fresh start.
     */
    private ProbeListener probeListener(Path work, Transformer model, boolean fresh) {
        ProbeSession session = probes.session(size);
        ProbeLog log = new ProbeLog(work.resolve(PROBES));
        ProbeListener listener;
        if (fresh && sharedInit != null && start != sharedInit) {
            Transformer initial = models.newModel(ModelSize.LARGE, seed);
            CheckpointStore.read(sharedInit.checkpoint()).loadParametersInto(initial);
            InitProbe init = session.init(initial);
            initial.releaseBuffers();
            listener = ProbeListener.withSharedInit(session, log, work, condition, seed, model, init);
        } else {
            listener = ProbeListener.forModel(session, log, work, condition, seed, model);
        }
        return keyLayer >= 0 ? listener.withKeyLayer(keyLayer) : listener;
    }

    private TrainingConfig config(String label, Path work, long totalSteps) {
        TrainingSpec t = setup.spec().training();
        long logEvery = Math.max(1, Math.min(t.validateEvery(), 10));
        return new TrainingConfig(label, t.lr(), t.weightDecay(), t.warmupSteps(), totalSteps, batch(), weights(),
                t.validateEvery(), t.quickValidationPositions(), t.checkpointEvery(), logEvery, KEEP_CHECKPOINTS,
                seed, work, work.resolve(CHECKPOINTS));
    }

    /**
     * The trainer's label for this artifact: {@code condition/seed-s} as the spec that started it
     * named it. A partial artifact resumed by another spec keeps the label its checkpoints carry.
     */
    private String label(Path work) throws IOException {
        Path file = work.resolve(LABEL_FILE);
        if (Files.isRegularFile(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        String label = condition + "/seed-" + seed;
        dev.graft.io.AtomicFiles.writeString(file, label + "\n");
        return label;
    }

    private static double medianStepMillis(Path metrics) throws IOException {
        List<Double> ms = new ArrayList<>();
        if (Files.isRegularFile(metrics)) {
            for (String line : Files.readAllLines(metrics, StandardCharsets.UTF_8)) {
                try {
                    JsonNode r = JSON.readTree(line);
                    if ("train".equals(r.path("split").asText()) && r.has("step_ms")) {
                        ms.add(r.path("step_ms").asDouble());
                    }
                } catch (IOException e) {
                    // a line cut off by a kill: skipped
                }
            }
        }
        if (ms.isEmpty()) {
            return 0;
        }
        ms.sort(Double::compare);
        return ms.get(ms.size() / 2);
    }

    // ---- the finished artifact ------------------------------------------------------------------

    /** The finished artifact's folder. */
    public Path artifact() {
        return setup.cache().artifact(key());
    }

    /** The finished artifact's {@code metrics.jsonl} (every record this model's training logged). */
    public Path metrics() {
        return artifact().resolve(METRICS);
    }

    /** The finished artifact's probe rows ({@code probes.csv}; absent when the stage probes nothing). */
    public Path probeRows() {
        return artifact().resolve(PROBES);
    }

    /** The finished artifact's checkpoints, oldest first. */
    public List<Path> checkpoints() {
        return new CheckpointStore(artifact().resolve(CHECKPOINTS)).list();
    }

    /**
     * The checkpoint a graft copies: {@code best} (lowest epoch-end validation loss) or {@code last}.
     */
    public Path sourceCheckpoint(String choice) {
        CheckpointStore store = new CheckpointStore(artifact().resolve(CHECKPOINTS));
        return store.select(choice).orElseThrow(() -> new IllegalStateException(id() + " has no " + choice
                + " checkpoint in " + artifact()));
    }

    @Override
    public void record(RunDirectory run) throws IOException {
        Map<String, Path> files = new LinkedHashMap<>();
        if (start != null) {
            files.put(CheckpointStore.fileName(0), start.checkpoint());
        }
        for (Path p : checkpoints()) {
            files.put(p.getFileName().toString(), p);
        }
        new CheckpointStore(artifact().resolve(CHECKPOINTS)).best()
                .ifPresent(best -> files.put(CheckpointStore.BEST_FILE, best));
        run.linkCheckpoints(condition, seed, files);
        Path finalProbes = ProbeFiles.runFolder(artifact(), condition, seed);
        if (probes != null && Files.isDirectory(finalProbes)) {
            run.linkDirectory(artifact().relativize(finalProbes).toString(), finalProbes);
        }
    }
}
