package dev.graft.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointStoreTest {

    @TempDir
    Path dir;

    private static final List<String> NAMES = List.of("embed", "layers.0.w_out");

    private static List<INDArray> arrays(float base) {
        float[] a = new float[6];
        float[] big = new float[12];
        for (int i = 0; i < a.length; i++) {
            a[i] = base + i * 0.7f;
        }
        for (int i = 0; i < big.length; i++) {
            big[i] = -base + i * 0.5f;
        }
        return List.of(Nd4j.create(a, new long[]{2, 3}, 'c'), Nd4j.create(big, new long[]{3, 4}, 'c'));
    }

    private Path write(CheckpointStore store, long step, float base) {
        return store.write(step, Map.of("label", "small+aux", "model_shape", CheckpointStore.shapeMap(
                new dev.graft.spi.ModelShape(8, 2, 4, 3, 16))), NAMES, arrays(base), arrays(base + 1),
                arrays(base + 2));
    }

    @Test
    void written_checkpoint_reads_back_bitwise_with_its_metadata() {
        CheckpointStore store = new CheckpointStore(dir);
        Path file = write(store, 500, 0.25f);
        assertEquals(dir.resolve("step-000500.ckpt"), file);
        Checkpoint c = CheckpointStore.read(file);
        assertEquals(500, c.step());
        assertEquals("small+aux", c.label());
        assertEquals(new dev.graft.spi.ModelShape(8, 2, 4, 3, 16), c.shape());
        assertEquals(NAMES, c.parameterNames());
        for (int i = 0; i < NAMES.size(); i++) {
            assertArrayEquals(arrays(0.25f).get(i).data().asFloat(), c.parameters().get(NAMES.get(i)).data().asFloat());
            assertArrayEquals(arrays(1.25f).get(i).data().asFloat(), c.firstMoments().get(NAMES.get(i)).data().asFloat());
            assertArrayEquals(arrays(2.25f).get(i).shape(), c.secondMoments().get(NAMES.get(i)).shape());
        }
        assertEquals(CheckpointStore.FORMAT_VERSION, ((Number) c.json().get("format_version")).intValue());
        Map<?, ?> second = (Map<?, ?>) ((List<?>) c.json().get("parameters")).get(1);
        assertEquals("layers.0.w_out", second.get("name"));
        assertEquals(List.of(3, 4), second.get("shape"));
        assertEquals("float32", second.get("dtype"));
    }

    @Test
    void entries_are_npy_files_under_the_documented_names() throws IOException {
        Path file = write(new CheckpointStore(dir), 3, 1f);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (String name : List.of("meta.json", "params/embed.npy", "adam/m/embed.npy",
                    "adam/v/layers.0.w_out.npy")) {
                assertNotNull(zip.getEntry(name), name);
            }
            byte[] npy = zip.getInputStream(zip.getEntry("params/embed.npy")).readAllBytes();
            assertEquals((byte) 0x93, npy[0]);
            assertEquals("NUMPY", new String(npy, 1, 5, java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    @Test
    void a_view_parameter_is_written_with_its_own_values() {
        float[] values = new float[20];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        INDArray whole = Nd4j.create(values, new long[]{4, 5}, 'c');
        INDArray view = whole.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 3),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 5));
        Path file = new CheckpointStore(dir).write(1, Map.of("label", "x", "model_shape",
                CheckpointStore.shapeMap(new dev.graft.spi.ModelShape(1, 1, 1, 1, 1))), List.of("v"), List.of(view),
                List.of(view), List.of(view));
        INDArray back = CheckpointStore.read(file).parameters().get("v");
        assertArrayEquals(new float[]{7, 8, 9, 12, 13, 14}, back.data().asFloat());
    }

    @Test
    void interrupted_write_leaves_previous_checkpoint_loadable_and_no_temp_file() throws IOException {
        Path previous = write(new CheckpointStore(dir), 100, 1f);
        CheckpointStore failing = new CheckpointStore(dir, out -> new FailAfter(out, 300));
        CheckpointException e = assertThrows(CheckpointException.class, () -> write(failing, 200, 2f));
        assertTrue(e.getMessage().contains("step-000200.ckpt"), e.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(previous), files.toList());
        }
        assertEquals(previous, failing.latest().orElseThrow());
        assertEquals(100, CheckpointStore.read(previous).step());
    }

    @Test
    void temp_file_of_a_killed_writer_is_ignored_and_cleaned_up() throws IOException {
        CheckpointStore store = new CheckpointStore(dir);
        Path good = write(store, 10, 1f);
        Path stale = dir.resolve(".tmp-step-000020.ckpt-12345");
        Files.write(stale, new byte[]{1, 2, 3});
        assertEquals(List.of(good), store.list());
        store.removeTemporaryFiles();
        assertTrue(Files.notExists(stale));
        assertTrue(Files.exists(good));
    }

    @Test
    void truncated_checkpoint_raises_an_error_naming_the_file() throws IOException {
        Path file = write(new CheckpointStore(dir), 7, 1f);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointStore.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertEquals(file, e.file());
    }

    @Test
    void flipped_byte_inside_an_array_is_detected() throws IOException {
        Path file = write(new CheckpointStore(dir), 7, 1f);
        byte[] bytes = Files.readAllBytes(file);
        byte[] npyHeader = "NUMPY".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int at = indexOf(bytes, npyHeader, indexOf(bytes, npyHeader, 0) + 1); // inside the second array
        bytes[at + 140] ^= 0x55;
        Files.write(file, bytes);
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointStore.read(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void garbage_file_raises_an_error_naming_the_file() throws IOException {
        Path file = dir.resolve("step-000001.ckpt");
        Files.writeString(file, "not a zip at all");
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointStore.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        CheckpointException missing = assertThrows(CheckpointException.class,
                () -> CheckpointStore.read(dir.resolve("step-000002.ckpt")));
        assertTrue(missing.getMessage().contains("step-000002.ckpt"));
    }

    @Test
    void prune_keeps_the_newest_checkpoints() {
        CheckpointStore store = new CheckpointStore(dir);
        for (long s : new long[]{5, 1000000, 10, 15}) {
            write(store, s, 1f);
        }
        store.prune(2);
        assertEquals(List.of(dir.resolve("step-000015.ckpt"), dir.resolve("step-1000000.ckpt")), store.list());
        assertEquals(1000000, CheckpointStore.stepOf(store.latest().orElseThrow()));
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    /** An output stream that fails after some bytes, like a full disk or a kill during the write. */
    private static final class FailAfter extends FilterOutputStream {
        private long left;

        FailAfter(OutputStream out, long bytes) {
            super(out);
            left = bytes;
        }

        @Override
        public void write(int b) throws IOException {
            if (--left < 0) {
                throw new IOException("disk full (simulated)");
            }
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int i = 0; i < len; i++) {
                write(b[off + i]);
            }
        }
    }
}
