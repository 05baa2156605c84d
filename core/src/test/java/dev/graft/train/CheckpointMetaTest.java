package dev.graft.train;

import dev.graft.spi.ModelShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The typed checkpoint meta reads what the untyped writer before it wrote, and writes the same keys in
 * the same order (docs/checkpoint-format.md), so old checkpoints resume and new ones read in old tools.
 */
class CheckpointMetaTest {

    /** meta.json of a quickstart checkpoint written by commit aaff161 (its parameter list cut to one entry). */
    private static final String OLD_META = """
            {"format": "graft-checkpoint", "format_version": 1, "step": 80, "label": "small+aux/seed-42", "model\
            _shape": {"d_model": 32, "d_head": 8, "heads": 4, "layers": 3, "d_mlp": 128}, "optimizer": {"type": \
            "adamw", "lr": 0.001, "weight_decay": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-08, "step": 80},\
             "schedule": {"type": "cosine", "peak_lr": 0.001, "warmup_steps": 0, "total_steps": 80}, "config": {\
            "label": "small+aux/seed-42", "lr": 0.001, "weight_decay": 0.01, "warmup_steps": 0, "total_steps": 8\
            0, "batch_size": 128, "loss_weights": {"value": 1.0, "policy": 0.2, "aux": 0.8}, "validate_every": 2\
            0, "quick_validation_positions": 256, "checkpoint_every": 40, "log_every": 10, "seed": 42}, "provena\
            nce": {"aux_outputs": 4, "seed": 42, "stage": "train-small", "spec_name": "quickstart", "condition":\
             "small+aux", "auxiliary": [{"name": "sector-balance", "options": {"sector": 3, "scale": 0.1}}], "sp\
            ec_hash": "ce9393ba162abc2e2fe921ea9d28f1555fb0a762728d2c71377a23aebd1d7bcb", "stage_key": "4797a031\
            d6188a7ea61258a3322bf52cb0ffa1ccb1e38590683448a7f460c0a9", "aux_loss": true, "game": {"name": "domin\
            eering", "options": {"board": 6}}}, "metrics": {"train": {"step": 80, "label": "small+aux/seed-42", \
            "split": "train", "epoch": 2.0, "lr": 3.854818796385495e-07, "loss": 1.1100799573863671, "value_loss\
            ": 0.6866021638101429, "policy_loss": 2.0123192258121465, "aux_loss": 0.026267435517243504, "samples\
            _per_s": 450.08117829395894, "step_ms": 284.393141}, "quick": {"step": 80, "label": "small+aux/seed-\
            42", "split": "quick", "positions": 256, "loss": 1.0888130907532279, "value_loss": 0.668438930863877\
            2, "value_accuracy": 0.60546875, "policy_loss": 2.0008891842461405, "policy_top1": 0.265625, "aux_lo\
            ss": 0.025245403800153218}, "full": {"step": 80, "label": "small+aux/seed-42", "split": "full", "pos\
            itions": 800, "loss": 1.0816190763829605, "value_loss": 0.6699847207168622, "value_accuracy": 0.6, "\
            policy_loss": 1.953407012840483, "policy_top1": 0.29875, "aux_loss": 0.026191191372502094}}, "best":\
             {"step": 80, "loss": 1.0816190763829605, "validation": {"step": 80, "label": "small+aux/seed-42", "\
            split": "full", "positions": 800, "loss": 1.0816190763829605, "value_loss": 0.6699847207168622, "val\
            ue_accuracy": 0.6, "policy_loss": 1.953407012840483, "policy_top1": 0.29875, "aux_loss": 0.026191191\
            372502094}}, "parameters": [{"name": "w", "shape": [2], "dtype": "float32"}]}\
            """;

    @TempDir
    Path dir;

    /** A checkpoint file made by hand (not by CheckpointFile): the old meta.json and one parameter "w". */
    private Path oldCheckpoint() throws IOException {
        Path file = dir.resolve("step-000080.ckpt");
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            put(zip, "meta.json", OLD_META.strip().getBytes(StandardCharsets.UTF_8));
            put(zip, "params/w.npy", Nd4j.toNpyByteArray(Nd4j.createFromArray(1.5f, -2f)));
            put(zip, "adam/m/w.npy", Nd4j.toNpyByteArray(Nd4j.createFromArray(0.25f, 0.5f)));
            put(zip, "adam/v/w.npy", Nd4j.toNpyByteArray(Nd4j.createFromArray(1e-4f, 2e-4f)));
        }
        return file;
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    @Test
    void a_checkpoint_of_the_untyped_writer_reads_into_the_typed_meta() throws IOException {
        Checkpoint c = CheckpointStore.read(oldCheckpoint());
        CheckpointMeta meta = c.meta();
        assertEquals(80, meta.step());
        assertEquals("small+aux/seed-42", meta.label());
        assertEquals(new ModelShape(32, 8, 4, 3, 128), meta.shape());
        TrainerState state = meta.trainer();
        assertEquals(new TrainerState.Optimizer(0.01, 0.9, 0.999, 1e-8, 80), state.optimizer());
        assertEquals(new LearningRateSchedule(0.001, 0, 80), state.schedule());
        assertEquals(128, ((Number) state.config().get("batch_size")).intValue());
        assertEquals(1.1100799573863671, ((Number) state.lastTrain().get("loss")).doubleValue());
        assertEquals(1.0888130907532279, ((Number) state.lastQuick().get("loss")).doubleValue());
        assertEquals(1.0816190763829605, ((Number) state.lastFull().get("loss")).doubleValue());
        assertEquals(80, state.best().step());
        assertEquals(1.0816190763829605, state.best().loss());
        assertEquals(state.lastFull(), state.best().validation());
        assertEquals(42, ((Number) meta.provenance().get("seed")).intValue());
        assertEquals(Map.of(), meta.extra());
        assertEquals(80, c.optimizerSteps());
        assertEquals(List.of(0.25f, 0.5f), floats(c.firstMoments().get("w")));
    }

    @Test
    void the_typed_meta_writes_back_the_same_keys_in_the_same_order() throws IOException {
        Checkpoint old = CheckpointStore.read(oldCheckpoint());
        CheckpointStore store = new CheckpointStore(dir.resolve("again"));
        Path again = store.write(old.meta(), old.parameterNames(), List.of(old.parameters().get("w")),
                List.of(old.firstMoments().get("w")), List.of(old.secondMoments().get("w")));
        Checkpoint rewritten = CheckpointStore.read(again);
        assertEquals(List.of("format", "format_version", "step", "label", "model_shape", "optimizer", "schedule",
                "config", "provenance", "metrics", "best", "parameters"), new ArrayList<>(rewritten.json().keySet()));
        assertEquals(old.json(), rewritten.json());
        assertEquals(List.of(1.5f, -2f), floats(rewritten.parameters().get("w")));
    }

    @Test
    void a_step_zero_checkpoint_has_no_trainer_state_and_keeps_its_extra_entries_after_the_provenance() {
        INDArray w = Nd4j.createFromArray(1f, 2f);
        CheckpointMeta meta = CheckpointMeta.untrained("graft+aux/seed-1", new ModelShape(2, 1, 2, 1, 4),
                Map.of("seed", 1), Map.of("graft", Map.of("from", "small+aux")));
        Path file = new CheckpointStore(dir).write(meta, List.of("w"), List.of(w), List.of(w), List.of(w));
        Checkpoint c = CheckpointStore.read(file);
        assertNull(c.meta().trainer());
        assertEquals(0, c.optimizerSteps());
        assertEquals(Map.of("graft", Map.of("from", "small+aux")), c.meta().extra());
        assertEquals(List.of("format", "format_version", "step", "label", "model_shape", "provenance", "graft",
                "parameters"), new ArrayList<>(c.json().keySet()));
    }

    private static List<Float> floats(INDArray a) {
        List<Float> out = new ArrayList<>();
        for (float f : a.toFloatVector()) {
            out.add(f);
        }
        return out;
    }
}
