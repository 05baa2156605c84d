package dev.graft.runner;

import dev.graft.io.CacheEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cache never hands a run bad data: each kind of artifact (games, checkpoints of a small model, of
 * the large initialisation and of a graft, probe dumps of a large model), truncated or with a flipped
 * byte, is noticed, set aside and rebuilt, and the run ends with the results of a clean one.
 * (Positions are not cached: they are derived from the games in memory.)
 */
class CacheReliabilityTest {
    static final String SPEC = "name: reliable\n" + ExperimentRunTest.TINY.replace("steps: 6", "steps: 8")
            + "experiment: {seeds: [1]}\n";

    @TempDir
    static Path shared;
    @TempDir
    Path tmp;

    static Path spec;
    static Path reference;
    static Path referenceCache;

    /** Runs graft in this JVM; returns the exit code and what it printed. */
    record Result(int code, String out, String err) {
    }

    static Result graft(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void referenceRun() throws IOException {
        spec = Files.writeString(shared.resolve("reliable.yaml"), SPEC);
        reference = shared.resolve("reference");
        referenceCache = shared.resolve("cache-ref");
        Result r = graft("run", spec.toString(), "--out", reference.toString(), "--cache", referenceCache.toString(),
                "--no-progress");
        assertEquals(0, r.code(), r.err());
    }

    /** A copy of the reference cache at a new path (so this process has not hashed its entries yet). */
    private Path copyOfReferenceCache() throws IOException {
        Path copy = tmp.resolve("cache");
        try (Stream<Path> all = Files.walk(referenceCache)) {
            for (Path p : all.toList()) {
                Path dest = copy.resolve(referenceCache.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return copy;
    }

    /** The first file of a finished entry of {@code kind} whose path (within the entry) matches. */
    private static Path fileOf(Path cache, String kind, String regex) throws IOException {
        try (Stream<Path> entries = Files.list(cache.resolve(kind))) {
            for (Path entry : entries.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList()) {
                try (Stream<Path> files = Files.walk(entry)) {
                    var hit = files.filter(Files::isRegularFile)
                            .filter(f -> entry.relativize(f).toString().matches(regex)).sorted().findFirst();
                    if (hit.isPresent()) {
                        return hit.get();
                    }
                }
            }
        }
        throw new AssertionError("no " + regex + " in any " + kind + " entry of " + cache);
    }

    private static void truncate(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() / 3);
        }
    }

    private static void flip(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        b[b.length * 2 / 3] ^= 0x01;
        Files.write(file, b);
    }

    private static List<String> damaged(Path cache) throws IOException {
        Path d = cache.resolve(CacheEntry.DAMAGED);
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString().replaceAll("-[0-9a-f]{64}-.*", "")).sorted().toList();
        }
    }

    private void damageEachKindAndRerun(boolean truncate) throws IOException {
        Path cache = copyOfReferenceCache();
        List<Path> victims = List.of(fileOf(cache, "data", "games\\.npz"),
                fileOf(cache, "train-small", "checkpoints/step-\\d+\\.ckpt"),
                fileOf(cache, "init-large", ".*\\.ckpt"),
                fileOf(cache, "graft", ".*\\.ckpt"),
                fileOf(cache, "train-large", "probes/.*activations\\.npy"));
        for (Path v : victims) {
            if (truncate) {
                truncate(v);
            } else {
                flip(v);
            }
        }
        Path out = tmp.resolve("run");
        Result r = graft("run", spec.toString(), "--out", out.toString(), "--cache", cache.toString(), "--no-progress");
        assertEquals(0, r.code(), "the cache's own damage is never the user's fault:\n" + r.err());
        assertFalse(r.err().contains("not an .npz archive"), r.err());
        assertEquals(List.of("data", "graft", "init-large", "train-large", "train-small"), damaged(cache),
                "each damaged entry was set aside once");
        RunComparison.assertSameResults(reference, out);
        Result verify = graft("cache", "verify", "--cache", cache.toString());
        assertEquals(0, verify.code(), verify.out());
    }

    @Test
    void truncated_artifacts_of_every_kind_are_set_aside_rebuilt_and_give_the_clean_results() throws IOException {
        damageEachKindAndRerun(true);
    }

    @Test
    void artifacts_with_a_flipped_byte_are_set_aside_rebuilt_and_give_the_clean_results() throws IOException {
        damageEachKindAndRerun(false);
    }

    @Test
    void cache_verify_lists_damaged_entries_exits_1_and_fix_moves_them_aside() throws IOException {
        Path cache = copyOfReferenceCache();
        flip(fileOf(cache, "train-small", "metrics\\.jsonl"));
        Result r = graft("cache", "verify", "--cache", cache.toString());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("damaged train-small/") && r.out().contains("metrics.jsonl: content differs"), r.out());
        assertTrue(r.out().contains("1 damaged"), r.out());
        Result fixed = graft("cache", "verify", "--cache", cache.toString(), "--fix");
        assertEquals(1, fixed.code(), fixed.out());
        assertEquals(List.of("train-small"), damaged(cache));
        assertEquals(0, graft("cache", "verify", "--cache", cache.toString()).code());
    }

    @Test
    void cache_list_shows_every_entry_with_its_size_and_the_spec_that_made_it() throws IOException {
        Result r = graft("cache", "list", "--cache", referenceCache.toString(), "--runs");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].startsWith("cache " + referenceCache.toAbsolutePath().normalize() + ": 9 entries, "), lines[0]);
        assertTrue(lines[1].matches("kind +key +state +size +last use \\(UTC\\) +used by specs"), lines[1]);
        long trainSmall = Stream.of(lines).filter(l -> l.matches("train-small +[0-9a-f]{12} +finished +[0-9.]+ KB +"
                + "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d +reliable")).count();
        assertEquals(2, trainSmall, r.out());
        assertTrue(r.out().contains("  run " + reference.toAbsolutePath().normalize()), r.out());
    }

    @Test
    void cache_gc_keeps_what_the_specs_of_a_folder_need_and_removes_the_rest() throws IOException {
        Path cache = copyOfReferenceCache();
        Path specs = Files.createDirectories(tmp.resolve("specs"));
        // Another spec that shares the games and nothing else (its models have another seed).
        Files.writeString(specs.resolve("other.yaml"), SPEC.replace("name: reliable", "name: other")
                .replace("seeds: [1]", "seeds: [2]"));
        Result dry = graft("cache", "gc", "--cache", cache.toString(), "--specs", specs.toString(), "--dry-run");
        assertEquals(0, dry.code(), dry.err());
        assertTrue(dry.out().contains("would remove 8 entries"), dry.out());
        assertEquals(9, new dev.graft.pipeline.CacheInventory(cache).entries().size(), "a dry run removes nothing");
        Result gc = graft("cache", "gc", "--cache", cache.toString(), "--specs", specs.toString());
        assertEquals(0, gc.code(), gc.err());
        var left = new dev.graft.pipeline.CacheInventory(cache).entries();
        assertEquals(List.of("data"), left.stream().map(dev.graft.pipeline.CacheInventory.Entry::kind).toList());

        Result none = graft("cache", "gc", "--cache", cache.toString(), "--unused-for", "30d");
        assertTrue(none.out().contains("nothing to remove"), none.out());
        Result old = graft("cache", "gc", "--cache", cache.toString(), "--older-than", "2999-01-01");
        assertTrue(old.out().contains("removed 1 entries"), old.out());
        Result bad = graft("cache", "gc", "--cache", cache.toString(), "--older-than", "last week");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--older-than last week: not a date; give YYYY-MM-DD"), bad.err());
    }

    private static int sh(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    @Test
    void a_cache_on_a_full_file_system_fails_the_run_with_the_path_and_stays_valid() throws Exception {
        long total;
        try (Stream<Path> all = Files.walk(referenceCache)) {
            total = all.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        Path small = Files.createDirectories(tmp.resolve("small"));
        long size = Math.max(64 * 1024, total / 2 / 4096 * 4096);
        org.junit.jupiter.api.Assumptions.assumeTrue(
                sh("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", small.toString()) == 0,
                "this machine does not let the test mount a small file system");
        try {
            Path cache = small.resolve("cache");
            Result r = graft("run", spec.toString(), "--out", tmp.resolve("run").toString(), "--cache", cache.toString(),
                    "--no-progress");
            assertEquals(1, r.code(), "a full disk is a run failure, not the user's input: " + r.err());
            System.out.println("full-disk run said: " + r.err());
            String message = r.err().toLowerCase(java.util.Locale.ROOT);
            assertTrue(message.contains("no space left on") && r.err().contains(small.toString()), r.err());
            // Whatever was committed is intact; nothing half-written lies about.
            assertTrue(new dev.graft.pipeline.CacheInventory(cache).verify().isEmpty());
            try (Stream<Path> all = Files.walk(cache)) {
                List<Path> temps = all.filter(p -> p.getFileName().toString().endsWith(".tmp")
                        || p.getFileName().toString().startsWith(".tmp-")).toList();
                assertEquals(List.of(), temps);
            }
            // The same cache, given room, finishes the run with the clean results.
            Path roomy = tmp.resolve("roomy");
            try (Stream<Path> all = Files.walk(cache)) {
                for (Path p : all.toList()) {
                    Path dest = roomy.resolve(cache.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(dest);
                    } else {
                        Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
            Path out = tmp.resolve("run2");
            Result again = graft("run", spec.toString(), "--out", out.toString(), "--cache", roomy.toString(), "--no-progress");
            assertEquals(0, again.code(), again.err());
            RunComparison.assertSameResults(reference, out);
        } finally {
            sh("umount", small.toString());
        }
    }
}
