package dev.graft.fit;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs {@code python/analysis_reference.py} (numpy) on a JSON query. Skips the calling test when numpy is
 * missing, except in CI, where that fails.
 */
public final class AnalysisReference {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final ObjectMapper JSON = new ObjectMapper();

    private AnalysisReference() {
    }

    /** The script's answer to {@code query}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> ask(Map<String, Object> query) throws IOException, InterruptedException {
        String missing = numpyMissing();
        if (missing != null) {
            if (System.getenv("CI") != null) {
                fail("CI is set but the numpy reference cannot run: " + missing);
            }
            assumeTrue(false, "numpy reference skipped: " + missing);
        }
        Process p = new ProcessBuilder(PYTHON.toString(), script().toString()).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(JSON.writeValueAsBytes(query));
        }
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python did not finish");
        assertEquals(0, p.exitValue(), new String(err, StandardCharsets.UTF_8));
        return JSON.readValue(out, Map.class);
    }

    /** A list of numbers from the answer. */
    public static double[] numbers(Object list) {
        return ((java.util.List<?>) list).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }

    private static String numpyMissing() throws InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            return PYTHON + " does not exist";
        }
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import numpy").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 ? null : "cannot import numpy: " + out.strip();
        } catch (IOException e) {
            return PYTHON + " cannot be started: " + e.getMessage();
        }
    }

    private static Path script() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("python/analysis_reference.py");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("python/analysis_reference.py not found above " + Path.of("").toAbsolutePath());
    }
}
