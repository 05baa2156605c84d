package dev.graft.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.games.domineering.DomineeringGame;
import dev.graft.model.AttentionProjection;
import dev.graft.model.Transformer;
import dev.graft.spi.ModelShape;
import dev.graft.train.Checkpoint;
import dev.graft.train.CheckpointStore;
import org.jetbrains.bio.npy.NpyArray;
import org.jetbrains.bio.npy.NpzEntry;
import org.jetbrains.bio.npy.NpzFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** graft export: TransformerLens-style names and shapes, values, config, byte-identical reruns. */
class ExportCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run graft(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** The expected layout, written out from the table (not from the exporter). */
    private static Map<String, int[]> expectedShapes(int board, ModelShape s, int aux) {
        int d = s.dModel();
        Map<String, int[]> m = new LinkedHashMap<>();
        m.put("embed.W_state", new int[] {3, d});
        m.put("pos_embed.W_pos", new int[] {board * board + 1, d});
        for (int l = 0; l < s.layers(); l++) {
            String b = "blocks." + l + ".";
            m.put(b + "ln1.w", new int[] {d});
            m.put(b + "ln1.b", new int[] {d});
            m.put(b + "attn.W_Q", new int[] {s.heads(), d, s.dHead()});
            m.put(b + "attn.W_K", new int[] {s.heads(), d, s.dHead()});
            m.put(b + "attn.W_V", new int[] {s.heads(), d, s.dHead()});
            m.put(b + "attn.W_O", new int[] {s.heads(), s.dHead(), d});
            m.put(b + "ln2.w", new int[] {d});
            m.put(b + "ln2.b", new int[] {d});
            m.put(b + "mlp.W_in", new int[] {d, s.dMlp()});
            m.put(b + "mlp.b_in", new int[] {s.dMlp()});
            m.put(b + "mlp.W_out", new int[] {s.dMlp(), d});
            m.put(b + "mlp.b_out", new int[] {d});
        }
        m.put("ln_final.w", new int[] {d});
        m.put("ln_final.b", new int[] {d});
        m.put("value.W", new int[] {d, 1});
        m.put("value.b", new int[] {1});
        m.put("aux.W", new int[] {d, aux});
        m.put("aux.b", new int[] {aux});
        m.put("policy.W1", new int[] {2 * d, d});
        m.put("policy.b1", new int[] {d});
        m.put("policy.W2", new int[] {d, 1});
        m.put("policy.b2", new int[] {1});
        m.put("policy.move_squares", new int[] {2 * board * (board - 1), 2});
        return m;
    }

    @ParameterizedTest(name = "board {0}, d_model {1}, heads {3}, layers {4}, sector {6}")
    @CsvSource({
            "4, 8, 4, 2, 1, 16, 2",      // tiny, aux head of 4 sectors
            "16, 128, 16, 8, 6, 768, 4", // EXPERIMENT.md's large model, 16 sectors
            "5, 12, 3, 4, 2, 20, 0"      // no auxiliary task: aux.W is [d_model, 0]
    })
    void export_writes_every_array_with_transformerlens_names_and_shapes(int board, int d, int dHead, int heads,
                                                                        int layers, int mlp, int sector) throws Exception {
        ModelShape shape = new ModelShape(d, dHead, heads, layers, mlp);
        Path ck = ModelCheckpoints.write(dir.resolve("ck"), board, shape, sector, 11, 250, true,
                ModelCheckpoints.randomise(0.5, 3));
        Run r = graft("export", ck.toString());
        assertEquals(0, r.code(), r.err());
        Path npz = dir.resolve("ck/step-000250.npz");
        assertTrue(r.out().contains(npz.getFileName().toString()), r.out());
        int aux = sector == 0 ? 0 : (board / sector) * (board / sector);
        Map<String, int[]> expected = expectedShapes(board, shape, aux);

        Checkpoint checkpoint = CheckpointStore.read(ck);
        Transformer model = new Transformer(new DomineeringGame(board), shape, aux, 0);
        checkpoint.loadParametersInto(model);
        DomineeringGame game = new DomineeringGame(board);
        try (NpzFile.Reader reader = NpzFile.read(npz)) {
            List<String> names = new ArrayList<>();
            for (NpzEntry e : reader.introspect()) {
                names.add(e.getName());
            }
            List<String> want = new ArrayList<>(expected.keySet());
            want.add("config");
            assertEquals(want, names);
            for (Map.Entry<String, int[]> e : expected.entrySet()) {
                NpyArray a = reader.get(e.getKey(), 1 << 20);
                assertArrayEquals(e.getValue(), a.getShape(), e.getKey());
                Class<?> type = e.getKey().equals("policy.move_squares") ? int[].class : float[].class;
                assertEquals(type, a.getData().getClass(), e.getKey() + " dtype");
            }
            // values: named parameters as stored, attention heads as the model's per-head view
            assertArrayEquals(flat(checkpoint.parameters().get("pos_embed.W_pos")),
                    reader.get("pos_embed.W_pos", 1 << 20).asFloatArray());
            assertArrayEquals(flat(checkpoint.parameters().get("policy.W1")),
                    reader.get("policy.W1", 1 << 20).asFloatArray());
            int last = layers - 1;
            float[] wo = reader.get("blocks." + last + ".attn.W_O", 1 << 20).asFloatArray();
            float[][] head = model.readHead(AttentionProjection.O, last, heads - 1);
            for (int i = 0; i < dHead; i++) {
                for (int j = 0; j < d; j++) {
                    assertEquals(head[i][j], wo[((heads - 1) * dHead + i) * d + j], 0f, "W_O[" + (heads - 1) + "," + i + "," + j + "]");
                }
            }
            float[] wq = reader.get("blocks.0.attn.W_Q", 1 << 20).asFloatArray();
            float[][] q1 = model.readHead(AttentionProjection.Q, 0, 1);
            assertEquals(q1[d - 1][dHead - 1], wq[(1 * d + d - 1) * dHead + dHead - 1], 0f);
            int[] squares = reader.get("policy.move_squares", 1 << 20).asIntArray();
            for (int m = 0; m < game.moves(); m++) {
                assertArrayEquals(game.moveSquares(m), Arrays.copyOfRange(squares, 2 * m, 2 * m + 2), "move " + m);
            }
            byte[] text = reader.get("config", 1 << 20).asByteArray();
            Map<?, ?> config = new ObjectMapper().readValue(new String(text, StandardCharsets.UTF_8), Map.class);
            assertEquals(d, config.get("d_model"));
            assertEquals(heads, config.get("n_heads"));
            assertEquals(layers, config.get("n_layers"));
            assertEquals(board * board + 1, config.get("n_tokens"));
            assertEquals(2, config.get("cls_token"));
            assertEquals(board, config.get("board_size"));
            assertEquals(1e-5, ((Number) config.get("layer_norm_eps")).doubleValue());
            assertEquals(1 / Math.sqrt(dHead), ((Number) config.get("attn_scale")).doubleValue(), 1e-15);
            assertTrue(String.valueOf(config.get("gelu")).contains("erf(x / sqrt(2))"), String.valueOf(config.get("gelu")));
            assertEquals(sector == 0 ? List.of() : List.of("sector-balance"), config.get("auxiliary_tasks"));
            Map<?, ?> source = (Map<?, ?>) config.get("checkpoint");
            assertEquals(250, ((Number) source.get("step")).intValue());
            assertEquals("abc123", source.get("spec_hash"));
            assertEquals(11, ((Number) source.get("seed")).intValue());
        }
    }

    private static float[] flat(org.nd4j.linalg.api.ndarray.INDArray a) {
        return org.nd4j.linalg.factory.Nd4j.toFlattened('c', a).toFloatVector();
    }

    @Test
    void exporting_the_same_checkpoint_twice_is_byte_identical() throws Exception {
        Path ck = ModelCheckpoints.write(dir.resolve("ck"), 4, new ModelShape(8, 4, 2, 1, 16), 2, 5, 3, true,
                ModelCheckpoints.unchanged());
        Path a = dir.resolve("a.npz");
        Path b = dir.resolve("b.npz");
        assertEquals(0, graft("export", ck.toString(), "--out", a.toString()).code());
        assertEquals(0, graft("export", ck.toString(), "--out", b.toString()).code());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        // identical bytes even at another time of day: every entry has the fixed timestamp, not the clock's
        try (ZipFile zip = new ZipFile(a.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                assertEquals(LocalDateTime.of(1980, 1, 1, 0, 0), e.getTimeLocal(), e.getName());
                assertEquals(ZipEntry.STORED, e.getMethod(), e.getName());
            }
        }
    }
}
