package dev.graft.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Compares two run folders the way "identical results" means it: every checkpoint's arrays
 * (parameters and both AdamW moments) byte for byte, every graft-check array byte for byte, and
 * every metrics record field for field except the two wall-clock ones ({@code samples_per_s},
 * {@code step_ms}, which also sit in a checkpoint's meta.json).
 */
final class RunComparison {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TIMING = List.of("samples_per_s", "step_ms");

    private RunComparison() {
    }

    static void assertSameResults(Path expected, Path actual) throws IOException {
        List<String> expectedFiles = files(expected);
        assertEquals(expectedFiles, files(actual), "the two runs hold the same files");
        assertFalse(expectedFiles.stream().noneMatch(f -> f.endsWith(".ckpt")), "there are checkpoints to compare");
        for (String f : expectedFiles) {
            if (f.endsWith(".ckpt")) {
                assertEquals(arrays(expected.resolve(f)).keySet(), arrays(actual.resolve(f)).keySet(), f);
                var a = arrays(expected.resolve(f));
                var b = arrays(actual.resolve(f));
                for (String entry : a.keySet()) {
                    assertArrayEquals(a.get(entry), b.get(entry), f + " " + entry);
                }
            } else if (f.endsWith(".npy")) {
                assertArrayEquals(Files.readAllBytes(expected.resolve(f)), Files.readAllBytes(actual.resolve(f)), f);
            }
        }
        assertEquals(records(expected.resolve("metrics.jsonl")), records(actual.resolve("metrics.jsonl")));
        if (Files.isRegularFile(expected.resolve("probes.csv"))) {
            assertEquals(Files.readString(expected.resolve("probes.csv")), Files.readString(actual.resolve("probes.csv")),
                    "the same probe rows, none twice");
        }
    }

    /** Relative paths of the checkpoints, graft checks and metrics of a run folder, sorted. */
    static List<String> files(Path run) throws IOException {
        try (Stream<Path> all = Files.walk(run, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            return all.filter(Files::isRegularFile).map(p -> run.relativize(p).toString())
                    .filter(p -> p.endsWith(".ckpt") || p.endsWith(".npy") || p.equals("metrics.jsonl")
                            || p.equals("probes.csv"))
                    .sorted().toList();
        }
    }

    /** Every entry of a checkpoint but meta.json (which holds the last step's timing), by name. */
    static TreeMap<String, byte[]> arrays(Path checkpoint) throws IOException {
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

    /** The metrics records without their wall-clock fields, as JSON text, in file order. */
    static List<String> records(Path metrics) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(metrics)) {
            JsonNode r = JSON.readTree(line);
            ((ObjectNode) r).remove(TIMING);
            out.add(r.toString());
        }
        return out;
    }

    /** For messages. */
    static String describe(byte[] a) {
        return Arrays.toString(Arrays.copyOf(a, Math.min(8, a.length)));
    }
}
