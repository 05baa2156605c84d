package dev.graft.pipeline;

import dev.graft.model.Transformer;
import dev.graft.spec.ExperimentSpec.ModelSize;
import dev.graft.spec.GraftSpec;
import dev.graft.spec.PluginRef;
import dev.graft.spec.Section;
import dev.graft.spi.AuxiliaryTask;
import dev.graft.spi.Game;
import dev.graft.spi.ModelShape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every model of a run shares: the game, the auxiliary head's width, the two shapes, and the
 * facts that go into stage keys and into each checkpoint's provenance (so that a checkpoint can be
 * rebuilt into its model without the spec, as {@code graft export} does). Shared by the stages that
 * run at once ({@link LocalExecutor}): what it makes on first use is made under its lock.
 */
public final class ModelContext {
    /** Bump when the transformer's forward, backward or initialisation changes what the same settings produce. */
    public static final String MODEL_CODE_VERSION = "transformer-1";

    private final RunSetup setup;
    private Game game;
    private Integer auxOutputs;

    public ModelContext(RunSetup setup) {
        this.setup = setup;
    }

    public GraftSpec spec() {
        return setup.spec();
    }

    public synchronized Game game() {
        if (game == null) {
            game = setup.create(spec().game(), Game.class);
        }
        return game;
    }

    /** The auxiliary head's width: every model has it when the spec has a task, trained only where the loss is on. */
    public synchronized int auxOutputs() {
        if (auxOutputs == null) {
            int n = 0;
            for (PluginRef ref : spec().auxiliary()) {
                n += setup.create(ref, AuxiliaryTask.class).outputs(game());
            }
            auxOutputs = n;
        }
        return auxOutputs;
    }

    public ModelShape shape(ModelSize size) {
        return size == ModelSize.SMALL ? spec().models().small() : spec().models().large();
    }

    /** A model of {@code size} initialised from {@code seed}. */
    public Transformer newModel(ModelSize size, long seed) {
        return new Transformer(game(), shape(size), auxOutputs(), seed,
                dev.graft.model.Initialisation.named(spec().models().init()));
    }

    /**
     * The settings that decide a model of {@code size} before training: its shape and whatever else
     * {@code models:} holds besides the two shapes (e.g. how models are initialised), and the
     * auxiliary tasks (the head's width and the positions' targets).
     */
    public Map<String, Object> modelSettings(ModelSize size) {
        Map<String, Object> m = new LinkedHashMap<>();
        Section models = (Section) spec().values().get("models");
        models.toPlainMap().forEach((k, v) -> {
            if (!k.equals("small") && !k.equals("large")) {
                m.put(k, v);
            }
        });
        m.put("shape", ((Section) models.get(size.label())).toPlainMap());
        m.put("game", spec().game().toMap());
        List<Object> aux = new ArrayList<>();
        for (PluginRef ref : spec().auxiliary()) {
            aux.add(ref.toMap());
        }
        m.put("auxiliary", aux);
        return m;
    }

    /** Code versions of the model and of the game and auxiliary plugins. */
    public Map<String, Object> modelCode() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("model", MODEL_CODE_VERSION);
        c.put("game", spec().game().name() + "@" + setup.codeVersion(spec().game()));
        List<String> aux = new ArrayList<>();
        for (PluginRef ref : spec().auxiliary()) {
            aux.add(ref.name() + "@" + setup.codeVersion(ref));
        }
        c.put("auxiliary", aux);
        return c;
    }

    /**
     * A checkpoint's {@code provenance}: the game plugin and its options, the auxiliary tasks and the
     * head width, the seed, and the key of the stage that wrote it.
     */
    public Map<String, Object> provenance(String condition, long seed, StageKey key, boolean auxLoss) {
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (PluginRef ref : spec().auxiliary()) {
            tasks.add(Map.of("name", ref.name(), "options", ref.options().asMap()));
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spec_name", spec().name());
        p.put("spec_hash", spec().hashOf(""));
        p.put("condition", condition);
        p.put("stage", key.kind());
        p.put("stage_key", key.hash());
        p.put("seed", seed);
        p.put("game", Map.of("name", spec().game().name(), "options", spec().game().options().asMap()));
        p.put("auxiliary", tasks);
        p.put("aux_outputs", auxOutputs());
        p.put("aux_loss", auxLoss);
        return p;
    }
}
