package dev.graft.runner;

import dev.graft.pipeline.CacheInventory;
import dev.graft.pipeline.RunLock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real {@code graft run} processes: a second run on a locked run folder refuses (and a dead holder
 * blocks nothing), two runs that need the same cache entries at once both finish correctly with one
 * copy of each entry, and a run stopped by SIGINT or SIGTERM mid-training checkpoints, says how to
 * resume, exits 130 / 143, and once resumed matches an uninterrupted run bit for bit.
 */
class ConcurrentAndInterruptedRunTest {
    /** Long enough (5 trainings of 60 steps) that a signal lands inside a training. */
    private static final String SPEC = "name: stoppable\n" + ExperimentRunTest.TINY
            .replace("steps: 6", "steps: 60").replace("validate_every: 2, checkpoint_every: 2",
                    "validate_every: 20, checkpoint_every: 20").replace("every: 2,", "every: 20,")
            + "experiment: {seeds: [1]}\n";

    @TempDir
    static Path shared;
    @TempDir
    Path tmp;

    static Path spec;
    static Path reference;

    @BeforeAll
    static void referenceRun() throws IOException {
        spec = Files.writeString(shared.resolve("stoppable.yaml"), SPEC);
        reference = shared.resolve("reference");
        var r = CacheReliabilityTest.graft("run", spec.toString(), "--out", reference.toString(), "--cache",
                shared.resolve("cache-ref").toString(), "--no-progress");
        assertEquals(0, r.code(), r.err());
    }

    private static ProcessBuilder java(String main, String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g", "-Dorg.bytedeco.javacpp.maxbytes=2G",
                "-cp", System.getProperty("java.class.path"), main));
        Collections.addAll(cmd, args);
        return new ProcessBuilder(withDefaultSigint(cmd)).redirectErrorStream(true);
    }

    /**
     * A process started with SIGINT ignored (a background job of a non-interactive shell, e.g. a CI
     * script run with {@code &}) passes that on to its children, and the JVM then leaves SIGINT alone,
     * as it should under nohup. The tests need the disposition a terminal gives, so when this JVM has
     * SIGINT ignored, the child starts through python3, which resets it to the default and execs the
     * JVM in its place (same pid).
     */
    private static List<String> withDefaultSigint(List<String> cmd) {
        if (!sigintIgnoredHere()) {
            return cmd;
        }
        List<String> wrapped = new ArrayList<>(List.of("/usr/bin/python3", "-c",
                "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])"));
        wrapped.addAll(cmd);
        return wrapped;
    }

    /** Whether this process ignores SIGINT: bit 1 (signal 2) of {@code SigIgn} in /proc/self/status. */
    static boolean sigintIgnoredHere() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & 0b10) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or an unreadable status: assume the usual default disposition
        }
        return false;
    }

    private static void assumeSigintCanReachTheChild() {
        Assumptions.assumeTrue(!sigintIgnoredHere() || Files.isExecutable(Path.of("/usr/bin/python3")),
                "this test JVM ignores SIGINT (started in the background) and there is no /usr/bin/python3 to"
                        + " give the child run the default disposition");
    }

    private static Process graftRun(Path out, Path cache) throws IOException {
        return java(Main.class.getName(), "run", spec.toString(), "--out", out.toString(), "--cache", cache.toString(),
                "--no-progress").start();
    }

    private static List<String> drain(Process p) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        }
        return lines;
    }

    @Test
    void a_second_run_on_a_run_folder_in_use_refuses_at_once_naming_the_holder_and_a_dead_holder_blocks_nothing()
            throws Exception {
        Path out = tmp.resolve("run");
        Process holder = java(RunLockHolderMain.class.getName(), out.toString()).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = r.readLine()) != null && !line.equals("held"); ) {
            // JVM noise
        }
        try {
            var refused = CacheReliabilityTest.graft("run", spec.toString(), "--out", out.toString(), "--cache",
                    tmp.resolve("cache").toString(), "--no-progress");
            assertEquals(2, refused.code(), refused.err());
            assertTrue(refused.err().contains("another graft run is writing into this run folder (pid " + holder.pid()
                    + " on "), refused.err());
            assertTrue(refused.err().contains("give another --out DIR"), refused.err());
            assertTrue(Files.notExists(out.resolve("spec.resolved.yaml")), "the refused run wrote nothing");
        } finally {
            holder.destroyForcibly();
            holder.waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(Files.exists(out.resolve(RunLock.FILE)), "the killed holder's lock file is still there");
        try (RunLock mine = RunLock.acquire(out)) {
            assertTrue(Files.isDirectory(out), "and yet the folder is free");
        }
    }

    @Test
    void two_processes_needing_the_same_entries_at_once_make_one_copy_and_both_finish_correctly() throws Exception {
        Path cache = tmp.resolve("cache");
        Process a = graftRun(tmp.resolve("a"), cache);
        Process b = graftRun(tmp.resolve("b"), cache);
        List<String> outA = drain(a);
        List<String> outB = drain(b);
        assertTrue(a.waitFor(300, TimeUnit.SECONDS) && b.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, a.exitValue(), String.join("\n", outA));
        assertEquals(0, b.exitValue(), String.join("\n", outB));
        List<CacheInventory.Entry> entries = new CacheInventory(cache).entries();
        assertEquals(9, entries.size(), entries.toString());
        assertTrue(entries.stream().allMatch(e -> e.state() == CacheInventory.State.FINISHED), entries.toString());
        assertTrue(new CacheInventory(cache).verify().isEmpty());
        RunComparison.assertSameResults(reference, tmp.resolve("a"));
        RunComparison.assertSameResults(reference, tmp.resolve("b"));
    }

    /** Starts a run, signals it once a training has written its first checkpoint, and returns its output. */
    private List<String> signalled(Path out, Path cache, String signal, int times) throws Exception {
        Process child = graftRun(out, cache);
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try {
                lines.addAll(drain(child));
            } catch (IOException e) {
                lines.add("reader failed: " + e);
            }
        });
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!hasWorkCheckpoint(cache) && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(child.isAlive(), "the run ended before any training checkpointed:\n" + String.join("\n", lines));
        for (int i = 0; i < times; i++) {
            new ProcessBuilder("kill", "-" + signal, Long.toString(child.pid())).start().waitFor();
        }
        assertTrue(child.waitFor(120, TimeUnit.SECONDS));
        reader.join(10_000);
        lines.add("exit " + child.exitValue());
        return lines;
    }

    private static boolean hasWorkCheckpoint(Path cache) throws IOException {
        for (String kind : List.of("train-small", "train-large")) {
            Path dir = cache.resolve(kind);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> all = Files.walk(dir)) {
                if (all.anyMatch(p -> p.toString().contains("/.work-") && p.getFileName().toString().matches("step-\\d+\\.ckpt"))) {
                    return true;
                }
            } catch (java.io.UncheckedIOException e) {
                // a temporary file vanished while the walk passed it: look again
            }
        }
        return false;
    }

    private void stopResumeAndCompare(String signal, int times, int exit) throws Exception {
        Path out = tmp.resolve("run");
        Path cache = tmp.resolve("cache");
        List<String> lines = signalled(out, cache, signal, times);
        String text = String.join("\n", lines);
        assertEquals("exit " + exit, lines.get(lines.size() - 1), text);
        if (times == 1) {
            assertTrue(text.contains("graft: SIG" + signal + ": stopping at the next safe point"), text);
            assertTrue(text.matches("(?s).*graft: stopped \\(SIG" + signal + "\\) \\S+/seed-1 at step \\d+; checkpoint \\S+"
                    + "step-\\d+\\.ckpt.*"), text);
            assertTrue(text.contains("graft: resume with: graft run " + spec + " --out " + out + " --cache " + cache
                    + " --no-progress"), text);
        } else {
            assertTrue(text.contains("again: exiting at once"), text);
        }
        var resumed = CacheReliabilityTest.graft("run", spec.toString(), "--out", out.toString(), "--cache",
                cache.toString(), "--no-progress");
        assertEquals(0, resumed.code(), resumed.err());
        RunComparison.assertSameResults(reference, out);
        assertTrue(new CacheInventory(cache).verify().isEmpty());
    }

    @Test
    void sigint_mid_training_checkpoints_exits_130_and_the_resumed_run_matches_an_uninterrupted_one() throws Exception {
        assumeSigintCanReachTheChild();
        stopResumeAndCompare("INT", 1, 130);
    }

    @Test
    void sigterm_mid_training_checkpoints_exits_143_and_the_resumed_run_matches_an_uninterrupted_one() throws Exception {
        stopResumeAndCompare("TERM", 1, 143);
    }

    @Test
    void a_second_sigint_exits_at_once_and_the_last_good_checkpoint_still_resumes_to_the_same_results() throws Exception {
        assumeSigintCanReachTheChild();
        stopResumeAndCompare("INT", 2, 130);
    }
}
