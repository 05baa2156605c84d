package dev.graft.runner;

import dev.graft.spi.ModelShape;
import org.jetbrains.bio.npy.NpyFile;
import org.jetbrains.bio.npy.NpzFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
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

/** graft predict's outputs, and the bad inputs of export and predict (exit 2, file named, nothing written). */
class PredictCommandTest {
    @TempDir
    Path dir;

    private static final ModelShape SHAPE = new ModelShape(8, 4, 2, 2, 16);

    private Path dump(int board, int positions, String name) {
        Path games = dir.resolve("games" + board + ".npz");
        if (!Files.exists(games)) {
            ExportCommandTest.Run g = graft("data", "generate", "--board", String.valueOf(board), "--generator",
                    "random", "--games", "10", "--seed", "4", "--no-progress", "--out", games.toString());
            assertEquals(0, g.code(), g.err());
        }
        Path out = dir.resolve(name);
        ExportCommandTest.Run d = graft("data", "dump", "--games", games.toString(), "--positions",
                String.valueOf(positions), "--out", out.toString());
        assertEquals(0, d.code(), d.err());
        return out;
    }

    private Path checkpoint() {
        return ModelCheckpoints.write(dir.resolve("ck"), 4, SHAPE, 2, 3, 0, true, ModelCheckpoints.randomise(0.3, 1));
    }

    /** Every file under the temp folder, to show a refused command wrote nothing (not even a temporary file). */
    private Snapshot files() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return new Snapshot(s.map(Path::toString).collect(Collectors.toCollection(TreeSet::new)));
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private record Snapshot(TreeSet<String> paths) {
    }

    @Test
    void predict_writes_the_four_outputs_and_the_batch_size_never_changes_them() throws Exception {
        Path ck = checkpoint();
        Path pos = dump(4, 30, "pos");
        ExportCommandTest.Run whole = graft("predict", ck.toString(), "--positions", pos.toString());
        assertEquals(0, whole.code(), whole.err());
        Path byDefault = dir.resolve("ck/step-000000.pos.preds.npz");
        assertTrue(Files.isRegularFile(byDefault), "default output beside the checkpoint; " + whole.out());
        Path batched = dir.resolve("b.npz");
        ExportCommandTest.Run small = graft("predict", ck.toString(), "--positions", pos.toString(), "--batch", "7",
                "--out", batched.toString());
        assertEquals(0, small.code(), small.err());
        try (NpzFile.Reader a = NpzFile.read(byDefault); NpzFile.Reader b = NpzFile.read(batched)) {
            Map<String, int[]> shapes = Map.of("value_logit", new int[] {30}, "policy_logits", new int[] {30, 24},
                    "aux", new int[] {30, 4}, "resid_post", new int[] {2, 30, 8});
            for (String k : List.of("value_logit", "policy_logits", "aux", "resid_post")) {
                assertArrayEquals(shapes.get(k), a.get(k, 1 << 20).getShape(), k);
                assertArrayEquals(a.get(k, 1 << 20).asFloatArray(), b.get(k, 1 << 20).asFloatArray(), k);
            }
        }
    }

    @Test
    void bad_checkpoints_exit_2_naming_the_file_and_write_nothing() throws Exception {
        Path good = checkpoint();
        Path pos = dump(4, 5, "pos");
        byte[] bytes = Files.readAllBytes(good);
        Path text = dir.resolve("notes.ckpt");
        Files.writeString(text, "not a checkpoint");
        Path truncated = dir.resolve("truncated.ckpt");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path corrupt = dir.resolve("corrupt.ckpt");
        byte[] flipped = bytes.clone();
        // a byte inside a parameter's stored data (a local zip header, which readers skip, would not do)
        byte[] name = "params/embed.W_state.npy".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int at = indexOf(bytes, name);
        assertTrue(at > 0);
        flipped[at + name.length + 80] ^= 0x5A;
        Files.write(corrupt, flipped);
        Path noProvenance = ModelCheckpoints.write(dir.resolve("bare"), 4, SHAPE, 2, 3, 9, false,
                ModelCheckpoints.unchanged());
        Path missing = dir.resolve("nope/step-000001.ckpt");

        for (Path bad : List.of(text, truncated, corrupt, noProvenance, missing)) {
            Snapshot before = files();
            for (String[] args : List.of(new String[] {"export", bad.toString()},
                    new String[] {"predict", bad.toString(), "--positions", pos.toString()})) {
                ExportCommandTest.Run r = graft(args);
                assertEquals(2, r.code(), args[0] + " " + bad + ": " + r.err());
                assertTrue(r.err().contains(bad.toString()), r.err());
                assertFalse(r.err().contains("Exception"), "no stack trace: " + r.err());
                assertEquals(before, files(), args[0] + " " + bad + " wrote something");
            }
        }
        assertTrue(graft("export", truncated.toString()).err().contains("zip"), "says what is wrong");
        assertTrue(graft("export", corrupt.toString()).err().contains("corrupt"), "says what is wrong");
        assertTrue(graft("export", noProvenance.toString()).err().contains("provenance"), "says what is wrong");
    }

    @Test
    void positions_that_do_not_fit_the_model_exit_2_naming_the_file_and_the_mismatch() throws Exception {
        Path ck = checkpoint();
        Path fiveByFive = dump(5, 5, "pos5");
        Path withCls = dir.resolve("withcls");
        Files.createDirectories(withCls);
        NpyFile.write(withCls.resolve("tokens.npy"), new byte[3 * 17], new int[] {3, 17});
        Path clsInBoard = dir.resolve("clsinboard");
        Files.createDirectories(clsInBoard);
        byte[] board = new byte[2 * 16];
        board[20] = 2;
        NpyFile.write(clsInBoard.resolve("tokens.npy"), board, new int[] {2, 16});
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path out = dir.resolve("preds.npz");

        Map<Path, List<String>> cases = Map.of(
                fiveByFive, List.of(fiveByFive.resolve("tokens.npy").toString(), "25", "16"),
                withCls, List.of(withCls.resolve("tokens.npy").toString(), "17", "16"),
                clsInBoard, List.of(clsInBoard.resolve("tokens.npy").toString(), "position 1, square 4", "token 2"),
                empty, List.of(empty.toString(), "tokens.npy"),
                dir.resolve("absent"), List.of(dir.resolve("absent").toString(), "no such folder"));
        for (Map.Entry<Path, List<String>> c : cases.entrySet()) {
            Snapshot before = files();
            ExportCommandTest.Run r = graft("predict", ck.toString(), "--positions", c.getKey().toString(),
                    "--out", out.toString());
            assertEquals(2, r.code(), r.err());
            for (String must : c.getValue()) {
                assertTrue(r.err().contains(must), "'" + must + "' missing in: " + r.err());
            }
            assertEquals(before, files(), c.getKey() + " made predict write something");
        }
    }
}
