package dev.graft.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.runner.Main;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Runs {@code graft} in this JVM with its output captured, and compares two run folders' results. */
final class GraftRuns {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Wall-clock fields of metrics records and of checkpoints' meta.json. */
    private static final List<String> TIMING = List.of("samples_per_s", "step_ms");

    /** A tiny study: 4×4 board, 1-2 layer models of d_model 8, 6 steps, the five default conditions. */
    static final String TINY = """
            game: {name: domineering, board: 4}
            auxiliary: [{name: sector-balance, sector: 2}]
            data: {generator: random, games: 40, threads: 1}
            models:
              small: {d_model: 8, d_head: 4, heads: 2, layers: 1, d_mlp: 16}
              large: {d_model: 8, d_head: 4, heads: 3, layers: 2, d_mlp: 24}
            training: {steps: 6, batch: {small: 8, large: 8}, validate_every: 2, checkpoint_every: 2,
                       quick_validation_positions: 8}
            probes: [{name: ridge, every: 2, positions: 20, final_positions: 24}]
            analysis: {bootstrap: 100}
            experiment: {seeds: [1], compare: [{a: graft+aux, b: baseline, layer: 0}]}
            """;

    private static Path reference;

    private GraftRuns() {
    }

    /**
     * The run folder of {@link #TINY} (spec name {@code tiny}) by the local executor, made once per test JVM
     * (with its cache beside it, {@code ../cache}) and deleted when the JVM exits.
     */
    static synchronized Path localReference() throws IOException {
        if (reference == null) {
            Path dir = Files.createTempDirectory("graft-reference");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            Path spec = Files.writeString(dir.resolve("tiny.yaml"), "name: tiny\n" + TINY);
            Result r = graft("run", spec.toString(), "--out", dir.resolve("run").toString(),
                    "--cache", dir.resolve("cache").toString(), "--no-progress");
            assertEquals(0, r.code(), r.err());
            reference = dir.resolve("run");
        }
        return reference;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at exit
        }
    }

    /** Exit code and what the command printed. */
    record Result(int code, String out, String err) {
    }

    /** {@code graft ARGS} in this JVM, its standard output and error captured (SLF4J's log lines included). */
    static synchronized Result graft(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /**
     * The two runs' results are the same: probes.csv and fits.json byte for byte, every checkpoint's
     * arrays byte for byte (not meta.json, which holds timings), every .npy byte for byte, and the metrics
     * records apart from their wall-clock fields.
     */
    static void assertSameResults(Path expected, Path actual) throws IOException {
        List<String> files = files(expected);
        assertEquals(files, files(actual), "the two runs hold the same files");
        assertFalse(files.stream().noneMatch(f -> f.endsWith(".ckpt")), "there are checkpoints to compare");
        for (String f : files) {
            if (f.endsWith(".ckpt")) {
                TreeMap<String, byte[]> a = arrays(expected.resolve(f));
                TreeMap<String, byte[]> b = arrays(actual.resolve(f));
                assertEquals(a.keySet(), b.keySet(), f);
                for (String entry : a.keySet()) {
                    assertArrayEquals(a.get(entry), b.get(entry), f + " " + entry);
                }
            } else if (f.equals("metrics.jsonl")) {
                assertEquals(records(expected.resolve(f)), records(actual.resolve(f)), f);
            } else {
                assertArrayEquals(Files.readAllBytes(expected.resolve(f)), Files.readAllBytes(actual.resolve(f)), f);
            }
        }
    }

    /** The result files of a run folder: checkpoints, arrays, metrics, probes.csv and fits.json, sorted. */
    static List<String> files(Path run) throws IOException {
        try (Stream<Path> all = Files.walk(run, FileVisitOption.FOLLOW_LINKS)) {
            return all.filter(Files::isRegularFile).map(p -> run.relativize(p).toString())
                    .filter(p -> p.endsWith(".ckpt") || p.endsWith(".npy") || p.equals("metrics.jsonl")
                            || p.equals("probes.csv") || p.equals("fits.json"))
                    .sorted().toList();
        }
    }

    private static TreeMap<String, byte[]> arrays(Path checkpoint) throws IOException {
        TreeMap<String, byte[]> out = new TreeMap<>();
        try (ZipFile zip = new ZipFile(checkpoint.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                if (!e.getName().equals("meta.json")) {
                    out.put(e.getName(), zip.getInputStream(e).readAllBytes());
                }
            }
        }
        return out;
    }

    private static List<String> records(Path metrics) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(metrics)) {
            JsonNode r = JSON.readTree(line);
            ((ObjectNode) r).remove(TIMING);
            out.add(r.toString());
        }
        return out;
    }

    /** A port nothing listens on right now. */
    static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
