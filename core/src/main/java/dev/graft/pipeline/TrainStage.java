package dev.graft.pipeline;

import dev.graft.data.GameData;
import dev.graft.data.GameSplit;
import dev.graft.data.SampledPositions;
import dev.graft.io.UserInputException;
import dev.graft.model.Initialisation;
import dev.graft.model.LossWeights;
import dev.graft.model.Transformer;
import dev.graft.spec.GraftSpec;
import dev.graft.spec.PluginRef;
import dev.graft.spec.PositionsSpec;
import dev.graft.spec.TrainingSpec;
import dev.graft.spi.AuxiliaryTask;
import dev.graft.spi.ModelShape;
import dev.graft.train.CheckpointStore;
import dev.graft.train.PositionSource;
import dev.graft.train.Trainer;
import dev.graft.train.TrainerOptions;
import dev.graft.train.TrainingConfig;
import dev.graft.train.TrainingResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains one model condition (e.g. {@code small+aux}) on the data stage's positions. Checkpoints go
 * to {@code checkpoints/<label>/} in the run folder; the stage is done when the final step's
 * checkpoint exists, and an interrupted stage resumes from its newest checkpoint.
 */
public final class TrainStage implements Stage {
    private static final Logger LOG = LoggerFactory.getLogger(TrainStage.class);
    /** Bump when the model or trainer changes what the same inputs produce. */
    public static final String CODE_VERSION = "train-2";
    /** Data keys and splits whose skipped short games were already reported, so the log says it once. */
    private static final java.util.Set<String> REPORTED_SKIPS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final RunSetup setup;
    private final DataStage data;
    private final String label;
    private final ModelShape shape;
    private final int batch;
    private final boolean aux;

    /**
     * @param label condition name, e.g. {@code small+aux}
     * @param shape model sizes
     * @param batch positions per step
     * @param aux   whether the auxiliary loss is on
     */
    public TrainStage(RunSetup setup, DataStage data, String label, ModelShape shape, int batch, boolean aux) {
        this.setup = setup;
        this.data = data;
        this.label = label;
        this.shape = shape;
        this.batch = batch;
        this.aux = aux;
    }

    @Override
    public String id() {
        return "train-" + label;
    }

    @Override
    public String describe() {
        TrainingSpec t = setup.spec().training();
        String length = t.steps() > 0 ? String.format(Locale.ROOT, "%,d steps", t.steps())
                : t.epochs() + " epoch" + (t.epochs() == 1 ? "" : "s");
        return String.format(Locale.ROOT, "train %s (%d layers × %d heads, d_model %d, d_mlp %d), batch %d, %s, auxiliary loss %s",
                label, shape.layers(), shape.heads(), shape.dModel(), shape.dMlp(), batch, length,
                aux ? "on" : "off");
    }

    @Override
    public String key() {
        GraftSpec s = setup.spec();
        String canonical = String.join("\n", CODE_VERSION, data.key(), s.hashOf("auxiliary"), s.hashOf("training"),
                "init=" + s.models().init(), shape.toString(), Integer.toString(batch), Boolean.toString(aux), Long.toString(s.seed()), label);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean done() {
        if (!data.done()) {
            return false;
        }
        return new CheckpointStore(config(1).checkpointDir()).latest()
                .map(CheckpointStore::stepOf)
                .map(step -> step >= totalSteps(train()))
                .orElse(false);
    }

    @Override
    public void run() {
        PositionSource train = train();
        PositionSource validation = validation();
        TrainingConfig config = config(totalSteps(train));
        Transformer model = new Transformer(data.data().game(), shape, auxOutputs(), setup.spec().seed(),
                Initialisation.named(setup.spec().models().init()));
        Trainer trainer = new Trainer(model, config, train, validation,
                (setup.progress() ? TrainerOptions.defaults() : TrainerOptions.quiet()).withProvenance(provenance()));
        TrainingResult result = trainer.train();
        LOG.info("{}: finished at step {}; checkpoint {}", label, result.finalStep(), result.lastCheckpoint());
        model.releaseBuffers();
    }

    /**
     * What a checkpoint must carry to rebuild its model without the spec: the game plugin and its
     * options, the auxiliary tasks and their output count, the seed and the keys of its inputs.
     */
    private Map<String, Object> provenance() {
        GraftSpec s = setup.spec();
        List<Map<String, Object>> auxTasks = new ArrayList<>();
        for (PluginRef ref : s.auxiliary()) {
            auxTasks.add(Map.of("name", ref.name(), "options", ref.options().asMap()));
        }
        Map<String, Object> p = new java.util.LinkedHashMap<>();
        p.put("spec_name", s.name());
        p.put("spec_hash", s.hashOf(""));
        p.put("stage_key", key());
        p.put("seed", s.seed());
        p.put("data_key", data.key());
        p.put("game", Map.of("name", s.game().name(), "options", s.game().options().asMap()));
        p.put("auxiliary", auxTasks);
        p.put("aux_outputs", auxOutputs());
        p.put("aux_loss", aux);
        return p;
    }

    private TrainingConfig config(long totalSteps) {
        TrainingSpec t = setup.spec().training();
        var loss = t.loss();
        LossWeights weights = new LossWeights(loss.value(), loss.policy(), aux ? loss.aux() : 0.0);
        long logEvery = Math.max(1, Math.min(t.validateEvery(), 10));
        return new TrainingConfig(label, t.lr(), t.weightDecay(), t.warmupSteps(), totalSteps, batch, weights,
                t.validateEvery(), t.quickValidationPositions(), t.checkpointEvery(), logEvery, 2,
                setup.spec().seed(), setup.runDir(), TrainingConfig.defaultCheckpointDir(setup.runDir(), label));
    }

    private long totalSteps(PositionSource train) {
        TrainingSpec t = setup.spec().training();
        return t.steps() > 0 ? t.steps() : TrainingConfig.stepsFor(t.epochs(), train.positionsPerEpoch(), batch);
    }

    private PositionSource train() {
        return positions(GameSplit.Part.TRAIN, setup.spec().seed());
    }

    private PositionSource validation() {
        return positions(GameSplit.Part.VALIDATION, setup.spec().seed() + 1);
    }

    /**
     * The split's positions as {@code training.positions} says: the study's per-game sampling (K plies per
     * game, redrawn every epoch for training, drawn once for validation) or every ply once.
     *
     * @throws UserInputException when {@code min_ply} leaves the split without positions
     */
    private PositionSource positions(GameSplit.Part part, long seed) {
        GameData d = data.data();
        PositionsSpec p = setup.spec().training().positions();
        if (!p.perGameSampling()) {
            return d.positions(part, tasks(), seed);
        }
        int minPly = p.minPly() == PositionsSpec.BOARD_DEFAULT ? SampledPositions.defaultMinPly(d.game()) : p.minPly();
        SampledPositions source = part == GameSplit.Part.TRAIN
                ? SampledPositions.training(d.game(), d.games(), d.split().games(part), tasks(), seed, p.perGame(), minPly)
                : SampledPositions.validation(d.game(), d.games(), d.split().games(part), tasks(), seed,
                p.validationPerGame(), minPly);
        int games = d.split().games(part).length;
        if (games == 0) {
            throw new UserInputException("data.split." + part.label() + ": the " + part.label() + " split has no games;"
                    + " give it a fraction that leaves at least one of the " + d.games().size() + " games");
        }
        if (source.games() == 0) {
            throw new UserInputException(String.format(Locale.ROOT, "training.positions.min_ply %d%s: no %s game is"
                            + " longer than %d plies (the longest of its %,d games has %d); give a min_ply of at most %d",
                    minPly, p.minPly() == PositionsSpec.BOARD_DEFAULT ? " (the board's default)" : "",
                    part == GameSplit.Part.TRAIN ? "training" : part.label(), minPly, games, source.longestGame(),
                    source.longestGame() - 1));
        }
        if (source.skippedGames() > 0 && REPORTED_SKIPS.add(data.key() + "/" + part + "/" + minPly)) {
            LOG.info(String.format(Locale.ROOT, "%,d of %,d %s games have at most %d plies (training.positions.min_ply)"
                            + " and contribute no positions", source.skippedGames(),
                    source.skippedGames() + source.games(), part == GameSplit.Part.TRAIN ? "training" : part.label(),
                    minPly));
        }
        return source;
    }

    private List<AuxiliaryTask> tasks() {
        List<AuxiliaryTask> tasks = new ArrayList<>();
        for (PluginRef ref : setup.spec().auxiliary()) {
            tasks.add(setup.create(ref, AuxiliaryTask.class));
        }
        return tasks;
    }

    private int auxOutputs() {
        int n = 0;
        for (AuxiliaryTask task : tasks()) {
            n += task.outputs(data.data().game());
        }
        return n;
    }
}
