package dev.graft.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.probe.ProbeLog;
import dev.graft.probe.ProbeRow;
import dev.graft.spi.ModelShape;
import org.jetbrains.bio.npy.NpyFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.graft.runner.ExportCommandTest.graft;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** graft probe: the table and files on a checkpoint and a dump, and every bad input (exit 2, named, nothing written). */
class ProbeCommandTest {
    @TempDir
    Path dir;

    private static final ModelShape SHAPE = new ModelShape(8, 4, 2, 2, 16);

    private Path dump(int board, int positions, String name, boolean aux) {
        Path games = dir.resolve("games" + board + ".npz");
        if (!Files.exists(games)) {
            ExportCommandTest.Run g = graft("data", "generate", "--board", String.valueOf(board), "--generator",
                    "random", "--games", "60", "--seed", "4", "--no-progress", "--out", games.toString());
            assertEquals(0, g.code(), g.err());
        }
        Path out = dir.resolve(name);
        ExportCommandTest.Run d = aux
                ? graft("data", "dump", "--games", games.toString(), "--positions", String.valueOf(positions),
                        "--aux", "sector-balance", "--out", out.toString())
                : graft("data", "dump", "--games", games.toString(), "--positions", String.valueOf(positions),
                        "--out", out.toString());
        assertEquals(0, d.code(), d.err());
        return out;
    }

    private Path checkpoint() {
        return ModelCheckpoints.write(dir.resolve("ck"), 4, SHAPE, 2, 3, 40, true, ModelCheckpoints.randomise(0.3, 1));
    }

    private TreeSet<String> files() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(Path::toString).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void probe_prints_r2_per_layer_and_writes_the_run_directory_s_probe_files() throws Exception {
        Path ck = checkpoint();
        Path pos = dump(4, 120, "pos", true);
        ExportCommandTest.Run r = graft("probe", ck.toString(), "--positions", pos.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("ridge probe of") && r.out().contains("120 positions: 96 fitted, 24 held out, alpha 1"),
                r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("0 +-?\\d+\\.\\d{3} +-?\\d+\\.\\d{3}")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("1 +-?\\d+\\.\\d{3} +-?\\d+\\.\\d{3}")), r.out());

        Path out = dir.resolve("ck/step-000040.pos.probe");
        List<ProbeRow> rows = new ProbeLog(out.resolve("probes.csv")).read();
        assertEquals(List.of("ridge", "ridge/shuffled", "ridge", "ridge/shuffled"),
                rows.stream().map(ProbeRow::probe).toList());
        assertTrue(rows.stream().allMatch(x -> x.condition().equals("test-model") && x.seed() == 3 && x.step() == 40));
        Path layer1 = out.resolve("probes/test-model-seed3/layer1");
        assertArrayEquals(new int[] {120, 8}, NpyFile.read(layer1.resolve("activations.npy"), 1 << 20).getShape());
        assertArrayEquals(new int[] {120, 1}, NpyFile.read(layer1.resolve("targets.npy"), 1 << 20).getShape());
        @SuppressWarnings("unchecked")
        Map<String, Object> json = new ObjectMapper().readValue(layer1.resolve("probe.json").toFile(), Map.class);
        assertEquals(rows.get(2).r2(), ((Number) json.get("r2")).doubleValue(), 0.0);
        assertEquals(1.0, json.get("alpha"));
        // the rounded table shows the file's numbers
        assertTrue(r.out().contains(String.format(java.util.Locale.ROOT, "%.3f", rows.get(2).r2())), r.out());

        // options reach the probe; a new --out is needed for a second result
        Path other = dir.resolve("other");
        ExportCommandTest.Run again = graft("probe", ck.toString(), "--positions", pos.toString(), "--layers", "1",
                "--alpha", "10", "-o", "standardize=true", "--out", other.toString());
        assertEquals(0, again.code(), again.err());
        List<ProbeRow> one = new ProbeLog(other.resolve("probes.csv")).read();
        assertEquals(2, one.size());
        assertEquals(10.0, one.get(0).alpha());
        assertFalse(Files.exists(other.resolve("probes/test-model-seed3/layer0")));
    }

    @Test
    void bad_input_exits_2_naming_the_option_or_file_and_writes_nothing() throws Exception {
        Path ck = checkpoint();
        Path pos = dump(4, 120, "pos", true);
        Path fiveByFive = dump(5, 40, "pos5", false);
        Path noAux = dump(4, 40, "noaux", false);
        Path few = dump(4, 10, "few", true);
        Path shortAux = dir.resolve("shortaux");
        Files.createDirectories(shortAux);
        Files.copy(pos.resolve("tokens.npy"), shortAux.resolve("tokens.npy"));
        NpyFile.write(shortAux.resolve("aux.npy"), new float[7], new int[] {7, 1}, ByteOrder.LITTLE_ENDIAN);
        Path taken = Files.createDirectories(dir.resolve("taken"));
        Files.writeString(taken.resolve("keep.txt"), "mine");
        Path out = dir.resolve("out");

        Map<List<String>, List<String>> cases = new java.util.LinkedHashMap<>();
        cases.put(List.of("--positions", fiveByFive.toString()), List.of(fiveByFive.resolve("tokens.npy").toString(), "25"));
        cases.put(List.of("--positions", noAux.toString()), List.of(noAux.resolve("aux.npy").toString(), "--aux"));
        cases.put(List.of("--positions", shortAux.toString()), List.of(shortAux.resolve("aux.npy").toString(), "7 rows"));
        cases.put(List.of("--positions", few.toString()), List.of("--positions " + few, "needs at least 9 rows"));
        cases.put(List.of("--positions", pos.toString(), "--alpha", "0"), List.of("alpha", "value > 0"));
        cases.put(List.of("--positions", pos.toString(), "--alpha", "-1"), List.of("alpha", "value > 0"));
        cases.put(List.of("--positions", pos.toString(), "--heldout", "1"), List.of("heldout", "0 < value < 1"));
        cases.put(List.of("--positions", pos.toString(), "--layers", "2"), List.of("--layers 2", "0 to 1"));
        cases.put(List.of("--positions", pos.toString(), "-o", "nope=1"), List.of("no option 'nope'", "alpha"));
        cases.put(List.of("--positions", pos.toString(), "--probe", "lasso"), List.of("--probe lasso", "ridge"));
        for (Map.Entry<List<String>, List<String>> c : cases.entrySet()) {
            TreeSet<String> before = files();
            List<String> args = new java.util.ArrayList<>(List.of("probe", ck.toString()));
            args.addAll(c.getKey());
            args.addAll(List.of("--out", out.toString()));
            ExportCommandTest.Run r = graft(args.toArray(new String[0]));
            assertEquals(2, r.code(), c.getKey() + ": " + r.err());
            for (String must : c.getValue()) {
                assertTrue(r.err().contains(must), c.getKey() + ": '" + must + "' missing in: " + r.err());
            }
            assertFalse(r.err().contains("Exception"), "no stack trace: " + r.err());
            assertEquals(before, files(), c.getKey() + " wrote something");
        }
        TreeSet<String> before = files();
        ExportCommandTest.Run r = graft("probe", ck.toString(), "--positions", pos.toString(), "--out", taken.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(taken.toString()) && r.err().contains("never written over"), r.err());
        assertEquals(before, files());
        assertEquals("mine", Files.readString(taken.resolve("keep.txt")));
    }

    @Test
    void help_describes_the_command_and_its_bench() {
        ExportCommandTest.Run r = graft("probe", "--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("--positions") && r.out().contains("--layers") && r.out().contains("--alpha"), r.out());
        ExportCommandTest.Run b = graft("bench", "probe", "--help");
        assertEquals(0, b.code(), b.err());
        assertTrue(b.out().contains("--train-rate"), b.out());
    }

    @Test
    void a_spec_s_bad_probe_settings_exit_2_at_file_line_column_with_the_real_ridge() throws Exception {
        String tiny = String.join("\n", "game: {name: domineering, board: 4}",
                "auxiliary: [{name: sector-balance, sector: 2}]",
                "models:",
                "  small: {d_model: 8, d_head: 4, heads: 2, layers: 1, d_mlp: 16}",
                "  large: {d_model: 8, d_head: 4, heads: 2, layers: 2, d_mlp: 16}",
                "probes:", "");
        Map<String, List<String>> cases = Map.of(
                "  - {name: ridge, alpha: 0}", List.of(":7:26", "probes.0.alpha", "a number > 0"),
                "  - {name: ridge, heldout: 1.5}", List.of(":7:28", "probes.0.heldout", "< 1"),
                "  - {name: ridge, layers: [0, 2]}", List.of(":7:31", "probes.0.layers.1", "layer 2 does not exist"),
                "  - {name: ridge, positions: 10}", List.of(":7:30", "probes.0.positions", "at least 9 rows"));
        for (Map.Entry<String, List<String>> c : cases.entrySet()) {
            Path spec = dir.resolve("s" + Math.abs(c.getKey().hashCode()) + ".yaml");
            Files.writeString(spec, tiny + c.getKey() + "\n");
            ExportCommandTest.Run r = graft("validate", spec.toString());
            assertEquals(2, r.code(), c.getKey() + ": " + r.err());
            for (String must : c.getValue()) {
                assertTrue(r.err().contains(must), c.getKey() + ": '" + must + "' missing in: " + r.err());
            }
        }
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, tiny + "  - {name: ridge, alphas: [0.1, 1], layers: [1], every: 2}\n");
        ExportCommandTest.Run ok = graft("validate", good.toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("every: 2") && ok.out().contains("folds: 5"), ok.out());
    }
}
