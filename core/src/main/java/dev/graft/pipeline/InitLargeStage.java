package dev.graft.pipeline;

import dev.graft.model.Transformer;
import dev.graft.spec.ExperimentSpec.ModelSize;
import dev.graft.train.CheckpointStore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The random initialisation of a seed's large model, written once as a step-0 checkpoint: the
 * baseline trains from it and every graft of that seed starts from it, so the large conditions of a
 * seed differ only in what a graft copied (EXPERIMENT.md, Training).
 */
public final class InitLargeStage implements ModelSource {
    /** Bump when how the initialisation is written changes. */
    public static final String CODE_VERSION = "init-1";

    private final RunSetup setup;
    private final ModelContext models;
    private final long seed;
    private StageKey key;

    public InitLargeStage(RunSetup setup, ModelContext models, long seed) {
        this.setup = setup;
        this.models = models;
        this.seed = seed;
    }

    @Override
    public String kind() {
        return "init-large";
    }

    @Override
    public String id() {
        return "init-large seed=" + seed;
    }

    @Override
    public String describe() {
        var s = models.shape(ModelSize.LARGE);
        return "random initialisation of the large model (" + s.layers() + " layers × " + s.heads()
                + " heads) for seed " + seed + ", shared by the seed's large conditions";
    }

    @Override
    public List<Stage> inputs() {
        return List.of();
    }

    @Override
    public StageKey key() {
        if (key == null) {
            Map<String, Object> code = new LinkedHashMap<>();
            code.put("stage", CODE_VERSION);
            code.putAll(models.modelCode());
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("model", models.modelSettings(ModelSize.LARGE));
            key = StageKey.of(kind(), code, settings, Map.of(), seed);
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
            if (cache.isComplete(key())) {
                return;
            }
            ArtifactCache.deleteTree(cache.work(key())); // nothing to resume: redone from the seed
            Path work = cache.openWork(key());
            Transformer model = models.newModel(ModelSize.LARGE, seed);
            StepZeroCheckpoint.write(work, model, "init-large/seed-" + seed,
                    models.provenance("init-large", seed, key(), false), Map.of());
            cache.commit(key(), Map.of("seed", seed, "made_by", setup.spec().name()));
        }
    }

    @Override
    public Path checkpoint() {
        return setup.cache().artifact(key()).resolve(CheckpointStore.fileName(0));
    }
}
