package dev.graft.runner;

import dev.graft.data.IndexedPositions;
import dev.graft.data.PositionSource;
import dev.graft.data.TrainingStreamDump;
import dev.graft.interop.ModelExport;
import dev.graft.io.UserInputException;
import dev.graft.model.Transformer;
import dev.graft.pipeline.DataStage;
import dev.graft.pipeline.ModelContext;
import dev.graft.pipeline.RunPlan;
import dev.graft.pipeline.RunSetup;
import dev.graft.pipeline.Stage;
import dev.graft.pipeline.TrainStage;
import dev.graft.plugin.PluginCatalog;
import dev.graft.spec.ExperimentSpec.Condition;
import dev.graft.spec.ExperimentSpec.ModelSize;
import dev.graft.spec.GraftSpec;
import dev.graft.spec.TrainingSpec;
import dev.graft.train.AdamW;
import dev.graft.train.CheckpointStore;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code graft data stream SPEC --condition C --seed S --steps K --out DIR}: the first K batches a
 * condition's training stage reads, in order (the same source and the same reads as the trainer), and
 * for a small condition its initial weights, so that another trainer can train on graft's data from
 * graft's start (docs/data.md, "The training stream").
 */
@Command(name = "stream", description = "Write the first K training batches of a condition and seed of a spec, in the"
        + " order the trainer reads them (.npy, with step.npy and stream.json), and a small condition's initial"
        + " weights (init.npz as graft export writes, init/step-000000.ckpt).")
final class DataStreamCommand implements Runnable {

    @ParentCommand
    DataCommand data;

    @Spec
    CommandSpec spec;

    @Mixin
    SpecArguments args;

    @Option(names = "--condition", required = true, paramLabel = "NAME", description = "The condition, e.g. small+aux.")
    String condition;

    @Option(names = "--seed", required = true, paramLabel = "S", description = "One of the spec's experiment.seeds.")
    long seed;

    @Option(names = "--steps", paramLabel = "K", description = "Steps to write from step 0 (default: every step of the run).")
    Long steps;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "Artifact cache holding (or receiving) the spec's games (default: as graft run).")
    Path cache;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "New folder for the stream.")
    Path out;

    @Override
    public void run() {
        GraftSpec resolved = args.load(data.catalog());
        Condition c = resolved.experiment().condition(condition).orElseThrow(() -> new UserInputException(
                "--condition " + condition + ": " + args.file + " has no such condition; its conditions: "
                        + String.join(", ", resolved.experiment().conditions().stream().map(Condition::name).toList())));
        if (!resolved.experiment().seeds().contains(seed)) {
            throw new UserInputException("--seed " + seed + ": " + args.file + " trains seeds "
                    + resolved.experiment().seeds() + "; give one of them (or --set experiment.seeds=[" + seed + "])");
        }
        RunOptions where = new RunOptions();
        where.cache = cache;
        RunSetup setup = new RunSetup(resolved, data.catalog(),
                where.runDir(resolved), where.cacheRoot(), false);
        String kind = c.model() == ModelSize.SMALL ? "train-small" : "train-large";
        Stage stage = RunPlan.of(setup).find(kind + " " + condition + " seed=" + seed).orElseThrow(
                () -> new IllegalStateException("the run plan has no stage " + kind + " " + condition + " seed=" + seed));
        TrainStage train = (TrainStage) stage;
        DataStage games = new DataStage(setup);
        ModelContext models = new ModelContext(setup);
        PositionSource source = games.training(seed);
        if (!(source instanceof IndexedPositions indexed)) {
            throw new IllegalStateException("training positions of " + source.getClass().getSimpleName()
                    + " cannot name their positions");
        }
        TrainingSpec t = resolved.training();
        int batch = c.model() == ModelSize.SMALL ? t.batch().small() : t.batch().large();
        long total = train.steps();
        long k = steps == null ? total : steps;
        if (k < 1 || k > total) {
            throw new UserInputException("--steps " + k + ": the run trains " + condition + " for " + total
                    + " steps; give 1 … " + total);
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("spec_name", resolved.name());
        info.put("spec_hash", resolved.hashOf(""));
        info.put("condition", condition);
        info.put("seed", seed);
        info.put("stage_key", train.key().hash());
        info.put("data_key", games.key().hash());
        Map<String, Object> recipe = new LinkedHashMap<>();
        recipe.put("optimizer", "adamw");
        recipe.put("lr", t.lr());
        recipe.put("weight_decay", t.weightDecay());
        recipe.put("beta1", AdamW.DEFAULT_BETA1);
        recipe.put("beta2", AdamW.DEFAULT_BETA2);
        recipe.put("eps", AdamW.DEFAULT_EPS);
        recipe.put("schedule", "cosine");
        recipe.put("warmup_steps", t.warmupSteps());
        recipe.put("total_steps", total);
        recipe.put("loss_weights", Map.of("value", t.loss().value(), "policy", t.loss().policy(),
                "aux", c.auxiliary() ? t.loss().aux() : 0.0));
        info.put("recipe", recipe);
        Map<String, Object> model = new LinkedHashMap<>();
        var shape = models.shape(c.model());
        model.put("size", c.model().label());
        model.put("d_model", shape.dModel());
        model.put("d_head", shape.dHead());
        model.put("heads", shape.heads());
        model.put("layers", shape.layers());
        model.put("d_mlp", shape.dMlp());
        model.put("init", resolved.models().init());
        info.put("model", model);
        boolean small = c.model() == ModelSize.SMALL;
        info.put("initial_weights", small ? "init.npz" : null);
        TrainingStreamDump.write(out, indexed, models.game(), models.auxOutputs(), batch, k, info, small ? tmp -> {
            Transformer initial = models.newModel(ModelSize.SMALL, seed); // what the training stage starts from
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("label", condition + "/seed-" + seed);
            Map<String, Object> shapeMap = new LinkedHashMap<>();
            shapeMap.put("d_model", shape.dModel());
            shapeMap.put("d_head", shape.dHead());
            shapeMap.put("heads", shape.heads());
            shapeMap.put("layers", shape.layers());
            shapeMap.put("d_mlp", shape.dMlp());
            meta.put("model_shape", shapeMap);
            meta.put("provenance", models.provenance(condition, seed, train.key(), c.auxiliary()));
            List<INDArray> zeros = new ArrayList<>();
            for (INDArray p : initial.parameters()) {
                zeros.add(Nd4j.zerosLike(p));
            }
            Path ckpt = new CheckpointStore(tmp.resolve("init")).write(0, meta, initial.parameterNames(),
                    initial.parameters(), zeros, zeros);
            ModelExport.archive(initial, CheckpointStore.read(ckpt)).writeAtomically(tmp.resolve("init.npz"));
            initial.releaseBuffers();
        } : null);
        PrintWriter pw = spec.commandLine().getOut();
        pw.printf(Locale.ROOT, "wrote %,d steps × %d positions of %s seed %d (of %,d steps)%s to %s%n", k, batch,
                condition, seed, total, small ? " and its initial weights (init.npz)" : "", out);
        pw.flush();
    }
}
