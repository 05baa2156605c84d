package dev.graft.runner;

import dev.graft.data.Batch;
import dev.graft.data.PositionSource;
import dev.graft.model.LossWeights;
import dev.graft.model.Transformer;
import dev.graft.pipeline.DataStage;
import dev.graft.pipeline.ModelContext;
import dev.graft.pipeline.RunSetup;
import dev.graft.plugin.PluginCatalog;
import dev.graft.spec.ExperimentSpec.ModelSize;
import dev.graft.spec.GraftSpec;
import dev.graft.spec.SpecLoader;
import dev.graft.train.Trainer;
import dev.graft.train.TrainerOptions;
import dev.graft.train.TrainingConfig;
import org.jetbrains.bio.npy.NpyArray;
import org.jetbrains.bio.npy.NpyFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code graft data stream}: the batches it writes are the batches a trainer reading the condition's
 * training positions consumes, step by step, and bad arguments exit 2 with the fix.
 */
class DataStreamCommandTest {
    /** 4×4 Domineering, a tiny model, an odd batch (the trainer's half-batches are uneven). */
    static final String TINY = """
            seed: 3
            game: {name: domineering, board: 4}
            auxiliary:
              - {name: sector-balance, sector: 2}
            data:
              generator: random
              games: 40
              threads: 1
              split: {train: 0.8, validation: 0.2, test: 0.0}
            models:
              small: {d_model: 8, d_head: 4, heads: 2, layers: 1, d_mlp: 16}
              large: {d_model: 8, d_head: 4, heads: 2, layers: 1, d_mlp: 16}
            training:
              lr: 1.0e-2
              steps: 7
              batch: {small: 15, large: 15}
              positions: {per_game: 3, validation_per_game: 2}
              validate_every: 1
              quick_validation_positions: 8
              checkpoint_every: 7
            experiment:
              seeds: [7]
              conditions:
                small+aux: {model: small, auxiliary: true}
                small-aux: {model: small, auxiliary: false}
            """;

    @TempDir
    Path tmp;

    static Path spec(Path dir, String name) throws Exception {
        return Files.writeString(dir.resolve(name + ".yaml"), "name: " + name + "\n" + TINY);
    }

    /** A source that remembers every batch it hands out through {@link #read}. */
    private static final class Recording implements PositionSource {
        final PositionSource inner;
        final List<Batch> reads = new ArrayList<>();

        Recording(PositionSource inner) {
            this.inner = inner;
        }

        @Override
        public long positionsPerEpoch() {
            return inner.positionsPerEpoch();
        }

        @Override
        public Batch read(long from, int count) {
            Batch b = inner.read(from, count);
            reads.add(b);
            return b;
        }

        @Override
        public Batch sample(long key, int count) {
            return inner.sample(key, count);
        }
    }

    @Test
    void stream_holds_the_batches_the_trainer_reads_in_order() throws Exception {
        Path file = spec(tmp, "stream");
        Path cache = tmp.resolve("cache");
        Path out = tmp.resolve("stream-out");
        int steps = 5;
        ExportCommandTest.Run r = ExportCommandTest.graft("data", "stream", file.toString(), "--condition", "small+aux",
                "--seed", "7", "--steps", String.valueOf(steps), "--cache", cache.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("5 steps × 15 positions"), r.out());

        // The trainer on the same condition's training positions, recording what it reads.
        PluginCatalog catalog = Graft.injector(List.of()).getInstance(PluginCatalog.class);
        GraftSpec spec = new SpecLoader(catalog).load(file);
        RunSetup setup = new RunSetup(spec, catalog, tmp.resolve("run"), cache, false);
        DataStage data = new DataStage(setup);
        Recording train = new Recording(data.training(7));
        Transformer model = new ModelContext(setup).newModel(ModelSize.SMALL, 7);
        TrainingConfig config = TrainingConfig.builder("small+aux/seed-7",
                        new dev.graft.train.TrainingSettings(2.3e-4, 0.01, 0, 15, new LossWeights(1.0, 0.2, 0.8), 250, 1000, 500))
                .totalSteps(steps).logEvery(1).keepCheckpoints(2).seed(7).runDir(tmp.resolve("trainer"))
                .checkpointDir(TrainingConfig.defaultCheckpointDir(tmp.resolve("trainer"), "small+aux/seed-7")).build();
        new Trainer(model, config, train, data.validation(), TrainerOptions.quiet()).train();
        List<Batch> seen = train.reads.subList(0, steps); // the first reads are the steps' (validation reads its own source)
        assertEquals(steps, train.reads.size(), "one read per step");

        byte[] tokens = npy(out, "tokens").asByteArray();
        float[] value = npy(out, "value").asFloatArray();
        short[] policy = npy(out, "policy").asShortArray();
        boolean[] mask = npy(out, "mask").asBooleanArray();
        float[] aux = npy(out, "aux").asFloatArray();
        int[] step = npy(out, "step").asIntArray();
        Batch first = seen.get(0);
        int squares = first.tokens() - 1;
        assertEquals(steps * 15, step.length);
        assertEquals(4, first.auxOutputs(), "4×4 board, sectors of 2");
        boolean differ = false;
        for (int s = 0; s < steps; s++) {
            Batch b = seen.get(s);
            for (int i = 0; i < 15; i++) {
                int row = s * 15 + i;
                assertEquals(s, step[row], "row " + row + "'s step");
                for (int q = 0; q < squares; q++) {
                    assertEquals(b.tokenIds()[i * first.tokens() + q], tokens[row * squares + q], "step " + s + " position " + i);
                }
                assertEquals(b.value()[i], value[row], "value, step " + s + " position " + i);
                assertEquals(b.policy()[i], policy[row], "policy, step " + s + " position " + i);
                for (int m = 0; m < b.moves(); m++) {
                    assertEquals(b.legal()[i * b.moves() + m], mask[row * b.moves() + m], "mask, step " + s);
                }
                for (int a = 0; a < 4; a++) {
                    assertEquals(b.aux()[i * 4 + a], aux[row * 4 + a], "aux, step " + s);
                }
            }
            differ |= b.policy()[0] != seen.get(0).policy()[0] || b.value()[0] != seen.get(0).value()[0];
        }
        assertTrue(differ, "the steps' batches should not all start with the same position");
        String json = Files.readString(out.resolve("stream.json"));
        assertTrue(json.contains("\"condition\" : \"small+aux\"") && json.contains("\"total_steps\" : 7")
                && json.contains("\"aux\" : 0.8"), json);
        assertTrue(Files.isRegularFile(out.resolve("init.npz")), "a small condition's initial weights");
        Path again = tmp.resolve("init-again.npz");
        ExportCommandTest.Run e = ExportCommandTest.graft("export", out.resolve("init/step-000000.ckpt").toString(),
                "--out", again.toString());
        assertEquals(0, e.code(), e.err());
        assertArrayEquals(Files.readAllBytes(out.resolve("init.npz")), Files.readAllBytes(again),
                "init.npz is graft export of the step-0 checkpoint beside it");
        try (var npz = org.jetbrains.bio.npy.NpzFile.read(out.resolve("init.npz"))) {
            String name = model.parameterNames().get(0);
            float[] init = new ModelContext(setup).newModel(ModelSize.SMALL, 7).parameter(name).dup().data().asFloat();
            assertArrayEquals(init, npz.get(name, 1 << 20).asFloatArray(), "the training stage's initial " + name);
        }
    }

    @Test
    void condition_without_the_auxiliary_loss_records_aux_weight_zero() throws Exception {
        Path out = tmp.resolve("minus");
        ExportCommandTest.Run r = ExportCommandTest.graft("data", "stream", spec(tmp, "minus").toString(), "--condition",
                "small-aux", "--seed", "7", "--steps", "1", "--cache", tmp.resolve("cache").toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(out.resolve("stream.json")).contains("\"aux\" : 0.0"));
    }

    @Test
    void unknown_condition_seed_or_too_many_steps_exit_2_naming_the_fix() throws Exception {
        Path file = spec(tmp, "bad");
        String cache = tmp.resolve("cache").toString();
        ExportCommandTest.Run c = ExportCommandTest.graft("data", "stream", file.toString(), "--condition", "large+aux",
                "--seed", "7", "--cache", cache, "--out", tmp.resolve("a").toString());
        assertEquals(2, c.code(), c.err());
        assertTrue(c.err().contains("--condition large+aux") && c.err().contains("small+aux, small-aux"), c.err());
        ExportCommandTest.Run s = ExportCommandTest.graft("data", "stream", file.toString(), "--condition", "small+aux",
                "--seed", "8", "--cache", cache, "--out", tmp.resolve("b").toString());
        assertEquals(2, s.code(), s.err());
        assertTrue(s.err().contains("--seed 8") && s.err().contains("experiment.seeds=[8]"), s.err());
        ExportCommandTest.Run k = ExportCommandTest.graft("data", "stream", file.toString(), "--condition", "small+aux",
                "--seed", "7", "--steps", "8", "--cache", cache, "--out", tmp.resolve("c").toString());
        assertEquals(2, k.code(), k.err());
        assertTrue(k.err().contains("--steps 8") && k.err().contains("1 … 7"), k.err());
        assertFalse(Files.exists(tmp.resolve("c")), "nothing written");
        for (ExportCommandTest.Run run : List.of(c, s, k)) {
            assertFalse(run.err().contains("Exception"), run.err());
        }
    }

    private static NpyArray npy(Path dir, String name) {
        return NpyFile.read(dir.resolve(name + ".npy"), 1 << 24);
    }
}
