package dev.graft.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CacheEntryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    /** An entry data/<key>/ with a 33,112-byte games.npz and a nested file, committed with its file list. */
    private Path entry(String key, boolean withFiles) throws IOException {
        Path dir = root.resolve("data").resolve(key);
        Files.createDirectories(dir.resolve("sub"));
        Files.write(dir.resolve("games.npz"), zip(33_112));
        Files.writeString(dir.resolve("sub/notes.txt"), "hello");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", 1);
        if (withFiles) {
            m.put("files", CacheEntry.filesField(dir));
        }
        Files.write(dir.resolve(CacheEntry.MANIFEST), JSON.writeValueAsBytes(m));
        return dir;
    }

    private static byte[] zip(int size) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            z.setLevel(0);
            z.putNextEntry(new ZipEntry("moves.npy"));
            byte[] body = new byte[size - 200];
            for (int i = 0; i < body.length; i++) {
                body[i] = (byte) (i * 31);
            }
            z.write(body);
            z.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static String key(int n) {
        return String.format("%064x", n);
    }

    @Test
    void the_manifest_lists_each_file_with_size_and_sha256_but_not_itself() throws IOException {
        Path dir = entry(key(1), true);
        List<CacheEntry.FileFact> files = CacheEntry.describe(dir);
        assertEquals(List.of("games.npz", "sub/notes.txt"), files.stream().map(CacheEntry.FileFact::path).toList());
        assertEquals(Files.size(dir.resolve("games.npz")), files.get(0).size());
        // sha-256 of "hello"
        assertEquals("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", files.get(1).sha256());
        assertTrue(CacheEntry.check(dir, true).intact());
    }

    @Test
    void a_truncated_file_is_reported_with_both_sizes() throws IOException {
        Path dir = entry(key(2), true);
        long expected = Files.size(dir.resolve("games.npz"));
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("games.npz").toFile(), "rw")) {
            f.setLength(5_000);
        }
        CacheEntry.Verdict v = CacheEntry.check(dir, false);
        assertEquals(CacheEntry.Verdict.Status.DAMAGED, v.status());
        assertEquals(String.format(java.util.Locale.ROOT, "games.npz: size 5,000, expected %,d", expected), v.problem());
    }

    @Test
    void a_flipped_byte_is_caught_by_the_hash_not_by_the_size() throws IOException {
        Path dir = entry(key(3), true);
        byte[] b = Files.readAllBytes(dir.resolve("sub/notes.txt"));
        b[1] ^= 1;
        Files.write(dir.resolve("sub/notes.txt"), b);
        assertTrue(CacheEntry.check(dir, false).intact(), "sizes alone cannot see it");
        CacheEntry.Verdict v = CacheEntry.check(dir, true);
        assertEquals(CacheEntry.Verdict.Status.DAMAGED, v.status());
        assertTrue(v.problem().startsWith("sub/notes.txt: content differs (sha-256 "), v.problem());
    }

    @Test
    void a_damaged_entry_is_not_usable_and_is_moved_aside_once() throws IOException {
        Path dir = entry(key(4), true);
        Files.write(dir.resolve("games.npz"), new byte[10]);
        assertFalse(CacheEntry.usable(root, dir, "data/" + key(4)));
        assertFalse(Files.exists(dir), "the damaged entry no longer sits under its key");
        try (var aside = Files.list(root.resolve(CacheEntry.DAMAGED))) {
            List<Path> moved = aside.toList();
            assertEquals(1, moved.size());
            assertTrue(moved.get(0).getFileName().toString().startsWith("data-" + key(4) + "-"), moved.toString());
            assertEquals(10, Files.size(moved.get(0).resolve("games.npz")));
        }
        assertFalse(CacheEntry.usable(root, dir, "data/" + key(4)), "now simply missing");
    }

    @Test
    void hashes_are_checked_on_the_first_use_in_a_process_and_sizes_on_every_use() throws IOException {
        Path dir = entry(key(5), true);
        assertTrue(CacheEntry.usable(root, dir, "data/" + key(5)));
        byte[] b = Files.readAllBytes(dir.resolve("sub/notes.txt"));
        b[0] ^= 1;
        Files.write(dir.resolve("sub/notes.txt"), b);
        assertTrue(CacheEntry.usable(root, dir, "data/" + key(5)), "hashed already in this process");
        Files.writeString(dir.resolve("sub/notes.txt"), "hello!");
        assertFalse(CacheEntry.usable(root, dir, "data/" + key(5)), "a size change is always seen");
    }

    @Test
    void an_entry_from_before_file_lists_is_adopted_when_its_archives_are_intact() throws IOException {
        Path dir = entry(key(6), false);
        assertEquals(CacheEntry.Verdict.Status.LEGACY, CacheEntry.check(dir, true).status());
        assertTrue(CacheEntry.usable(root, dir, "data/" + key(6)));
        assertTrue(CacheEntry.check(dir, true).intact(), "its manifest now lists its files");
        assertTrue(Files.readString(dir.resolve(CacheEntry.MANIFEST)).contains("\"adopted\""));
    }

    @Test
    void an_entry_from_before_file_lists_with_a_corrupt_archive_is_damaged() throws IOException {
        Path dir = entry(key(7), false);
        byte[] b = Files.readAllBytes(dir.resolve("games.npz"));
        b[b.length / 2] ^= 0x55;
        Files.write(dir.resolve("games.npz"), b);
        assertFalse(CacheEntry.usable(root, dir, "data/" + key(7)));
        assertTrue(Files.isDirectory(root.resolve(CacheEntry.DAMAGED)));
    }

    @Test
    void an_atomic_write_that_runs_out_of_space_keeps_the_old_file_and_names_path_and_size() throws IOException {
        Path target = root.resolve("out/probes.csv");
        AtomicFiles.writeString(target, "old\n");
        NoSpaceException e = assertThrows(NoSpaceException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[3000]);
            throw new IOException("No space left on device");
        }));
        assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("needed at least 2.9 KB"), e.getMessage());
        assertEquals(3000, e.needed());
        assertEquals("old\n", Files.readString(target, StandardCharsets.UTF_8));
        try (var files = Files.list(target.getParent())) {
            assertEquals(List.of(target), files.toList(), "no temporary file is left");
        }
    }

    @Test
    void other_write_failures_are_not_reported_as_a_full_disk() {
        Path target = root.resolve("x.txt");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            throw new IOException("Input/output error");
        }));
        assertFalse(e instanceof NoSpaceException);
    }

    @Test
    void sizes_for_people_are_rounded() {
        assertEquals("512 B", NoSpaceException.size(512));
        assertEquals("3.4 KB", NoSpaceException.size(3_500));
        assertEquals("1.2 MB", NoSpaceException.size(1_250_000));
    }
}
