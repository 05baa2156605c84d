package dev.graft.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The run directory's {@code metrics.jsonl}: one JSON object per line, appended and flushed line by
 * line. Several runs (labels) may share one file; {@link #rewindTo} drops the lines of one label that a
 * resumed run is about to write again.
 */
public final class MetricsLog implements Closeable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private BufferedWriter writer;

    public MetricsLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /**
     * Keeps every line of other labels and the lines of {@code label} with {@code step ≤ keepThroughStep}
     * ({@code -1} drops all of the label's lines); a line that is not complete JSON (a write cut off by a
     * kill) is dropped too. The file is rewritten atomically.
     */
    public void rewindTo(String label, long keepThroughStep) {
        if (!Files.exists(file)) {
            return;
        }
        try {
            List<String> kept = new ArrayList<>();
            boolean changed = false;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (keep(line, label, keepThroughStep)) {
                    kept.add(line);
                } else {
                    changed = true;
                }
            }
            if (!changed) {
                return;
            }
            dev.graft.io.AtomicFiles.writeLines(file, kept);
        } catch (IOException e) {
            throw new UncheckedIOException("could not rewind " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean keep(String line, String label, long keepThroughStep) {
        if (line.isBlank()) {
            return false;
        }
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return false;
        }
        if (node == null || !node.isObject()) {
            return false;
        }
        if (!label.equals(node.path("label").asText(null))) {
            return true;
        }
        return node.path("step").canConvertToLong() && node.path("step").asLong() <= keepThroughStep;
    }

    /** Appends one record as a line and flushes it. */
    public void append(Map<String, Object> record) {
        try {
            if (writer == null) {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            writer.write(JSON.writeValueAsString(record));
            writer.write('\n');
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("could not append to " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("could not close " + file + ": " + e.getMessage(), e);
            } finally {
                writer = null;
            }
        }
    }

    /**
     * The median {@code step_ms} of the training records in {@code file} (0 when there are none); a line
     * cut off by a kill is skipped.
     */
    public static double medianStepMillis(Path file) throws IOException {
        List<Double> ms = new ArrayList<>();
        if (Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                try {
                    JsonNode r = JSON.readTree(line);
                    if ("train".equals(r.path("split").asText()) && r.has("step_ms")) {
                        ms.add(r.path("step_ms").asDouble());
                    }
                } catch (IOException e) {
                    // a line cut off by a kill: skipped
                }
            }
        }
        if (ms.isEmpty()) {
            return 0;
        }
        ms.sort(Double::compare);
        return ms.get(ms.size() / 2);
    }
}
