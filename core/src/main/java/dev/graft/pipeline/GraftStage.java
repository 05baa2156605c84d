package dev.graft.pipeline;

import dev.graft.graft.GraftCheck;
import dev.graft.graft.GraftCheckException;
import dev.graft.graft.GraftPlacement;
import dev.graft.graft.GraftPlacementException;
import dev.graft.graft.GraftVerifier;
import dev.graft.graft.Grafter;
import dev.graft.io.CacheEntry;
import dev.graft.model.Transformer;
import dev.graft.spec.ExperimentSpec.GraftSource;
import dev.graft.spec.ExperimentSpec.ModelSize;
import dev.graft.spi.GraftPlan;
import dev.graft.train.CheckpointStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Grafts a trained small model (its {@code best} or {@code last} checkpoint) into its seed's large
 * initialisation by the condition's strategy, verifies the result before any training when the
 * strategy preserves the function (a mismatch stops the run), and keeps the grafted model as a
 * step-0 checkpoint plus the {@code graft-check/} residuals.
 */
public final class GraftStage implements ModelSource {
    private static final Logger LOG = LoggerFactory.getLogger(GraftStage.class);
    /** Bump when grafting or verification changes what the same inputs produce. */
    public static final String CODE_VERSION = "graft-2";
    /** Random boards the verification compares the two models on. */
    static final int CHECK_BOARDS = 64;
    static final String CHECK_DIR = "graft-check";

    private final RunSetup setup;
    private final ModelContext models;
    private final String condition;
    private final long seed;
    private final GraftSource graft;
    private final TrainStage source;
    private final InitLargeStage init;
    private StageKey key;

    public GraftStage(RunSetup setup, ModelContext models, String condition, long seed, GraftSource graft,
                      TrainStage source, InitLargeStage init) {
        this.setup = setup;
        this.models = models;
        this.condition = condition;
        this.seed = seed;
        this.graft = graft;
        this.source = source;
        this.init = init;
    }

    @Override
    public String kind() {
        return "graft";
    }

    @Override
    public String id() {
        return "graft " + condition + " seed=" + seed;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "graft %s's %s checkpoint into %s by %s (%s), %s", graft.from(),
                graft.checkpoint(), init.id(), graft.strategy(), copies(),
                graft.preservesFunction() ? "verified before training" : "not function-preserving: not verified");
    }

    private String copies() {
        StringBuilder s = new StringBuilder("small→large layers ");
        graft.plan().copies().forEach(c -> s.append(c.smallLayer()).append("→").append(c.largeLayer()).append(' '));
        if (!graft.plan().silencedLayers().isEmpty()) {
            s.append("silenced ").append(graft.plan().silencedLayers());
        }
        return s.toString().strip();
    }

    @Override
    public List<Stage> inputs() {
        return List.of(source, init);
    }

    @Override
    public StageKey key() {
        if (key == null) {
            Map<String, Object> code = new LinkedHashMap<>();
            code.put("stage", CODE_VERSION);
            code.put("strategy", graft.strategy().name() + "@" + setup.codeVersion(graft.strategy()));
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("strategy", graft.strategy().toMap());
            settings.put("checkpoint", graft.checkpoint());
            settings.put("verify", Map.of("boards", CHECK_BOARDS, "tolerance", GraftVerifier.TOLERANCE,
                    "demanded", graft.preservesFunction()));
            Map<String, String> inputs = new LinkedHashMap<>();
            inputs.put("source", source.key().hash());
            inputs.put("init", init.key().hash());
            key = StageKey.of(kind(), code, settings, inputs, seed);
        }
        return key;
    }

    @Override
    public StageState state() {
        return setup.cache().isComplete(key()) ? StageState.CACHED : StageState.MISSING;
    }

    @Override
    public void run() throws IOException {
        ArtifactCache cache = setup.cache();
        try (ArtifactCache.WorkLock lock = cache.lockWork(key())) {
            if (!cache.isComplete(key())) {
                graft(cache);
            }
        }
    }

    private void graft(ArtifactCache cache) throws IOException {
        ArtifactCache.deleteTree(cache.work(key())); // quick and deterministic: redone rather than resumed
        Path work = cache.openWork(key());
        Path sourceFile = source.sourceCheckpoint(graft.checkpoint());
        Transformer small = models.newModel(ModelSize.SMALL, seed);
        CheckpointStore.read(sourceFile).loadParametersInto(small);
        Transformer large = models.newModel(ModelSize.LARGE, seed);
        CheckpointStore.read(init.checkpoint()).loadParametersInto(large);
        Transformer initial = models.newModel(ModelSize.LARGE, seed);
        CheckpointStore.read(init.checkpoint()).loadParametersInto(initial);
        Grafter.apply(graft.plan(), small, large);
        try {
            GraftPlacement.verify(graft.plan(), small, initial, large);
        } catch (GraftPlacementException e) {
            throw new IllegalStateException("graft of " + condition + " seed " + seed + " by " + graft.strategy().name()
                    + ": " + e.getMessage(), e);
        }
        initial.releaseBuffers();
        Map<String, Double> differences = new LinkedHashMap<>();
        if (graft.preservesFunction()) {
            GraftCheck check;
            try {
                check = GraftVerifier.verify(graft.plan(), small, large, CHECK_BOARDS, seed, work.resolve(CHECK_DIR));
            } catch (GraftCheckException e) {
                throw new GraftCheckException(e.check(), "graft check of " + condition + " seed " + seed + " failed: "
                        + e.getMessage());
            } catch (IllegalArgumentException e) {
                // the strategy says it preserves the function but its plan cannot: a fault of the plugin, exit 1
                throw new IllegalStateException("graft check of " + condition + " seed " + seed + " failed: "
                        + graft.strategy().name() + " claims to preserve the function, but " + e.getMessage(), e);
            }
            differences.put("value", check.value());
            differences.put("policy", check.policy());
            differences.put("aux", check.aux());
            for (GraftCheck.LayerDiff d : check.layers()) {
                differences.put("residual_layer" + d.largeLayer(), d.maxDiff());
            }
            LOG.info("{}: grafted {} into the large model; {}", id(), graft.from(), check.summary());
        } else if (graft.plan().noise() > 0) {
            // exact but for the symmetry-breaking noise: say by how much the outputs moved (not judged)
            GraftPlan p = graft.plan();
            GraftCheck check = GraftVerifier.measure(new GraftPlan(p.copies(), p.silencedLayers(), p.copyEmbeddings(),
                    p.copyFinalNorm(), p.copyHeads(), p.residualMap(), 0.0, true), small, large, CHECK_BOARDS, seed,
                    work.resolve(CHECK_DIR));
            differences.put("value", check.value());
            differences.put("policy", check.policy());
            differences.put("aux", check.aux());
            for (GraftCheck.LayerDiff d : check.layers()) {
                differences.put("residual_layer" + d.largeLayer(), d.maxDiff());
            }
            LOG.info("{}: grafted {} into the large model with noise {} (not exact, not judged): differences from the"
                    + " small model {}", id(), graft.from(), p.noise(),
                    check.summary().replaceFirst("^graft check (passed|FAILED) ", ""));
        } else {
            LOG.info("{}: grafted {} into the large model ({} does not preserve the function: weights placed as"
                    + " planned, function not verified)", id(), graft.from(), graft.strategy().name());
        }
        Map<String, Object> graftFacts = new LinkedHashMap<>();
        graftFacts.put("from", graft.from());
        graftFacts.put("strategy", graft.strategy().toMap());
        graftFacts.put("checkpoint", graft.checkpoint());
        graftFacts.put("source_sha256", CacheEntry.sha256(sourceFile));
        graftFacts.put("verified", graft.preservesFunction());
        graftFacts.put("placement_checked", true);
        graftFacts.put("differences", differences);
        StepZeroCheckpoint.write(work, large, condition + "/seed-" + seed,
                models.provenance(condition, seed, key(), false), Map.of("graft", graftFacts));
        small.releaseBuffers();
        large.releaseBuffers();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("condition", condition);
        facts.put("seed", seed);
        facts.put("made_by", setup.spec().name());
        facts.put("graft", graftFacts);
        cache.commit(key(), facts);
    }

    /** The source's checkpoint this graft copies (its {@code best} or {@code last}, as the spec chose). */
    Path sourceCheckpoint() {
        return source.sourceCheckpoint(graft.checkpoint());
    }

    /** The graft plan: which large layer, head and neuron receive which small ones. */
    dev.graft.spi.GraftPlan plan() {
        return graft.plan();
    }

    @Override
    public Path checkpoint() {
        return setup.cache().artifact(key()).resolve(CheckpointStore.fileName(0));
    }

    @Override
    public void record(RunDirectory run) throws IOException {
        run.linkDirectory(CHECK_DIR + "/" + RunDirectory.safeName(condition) + "-seed" + seed,
                setup.cache().artifact(key()).resolve(CHECK_DIR));
    }
}
