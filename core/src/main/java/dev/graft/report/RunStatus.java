package dev.graft.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.io.AtomicFiles;
import dev.graft.io.UserInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a run has finished: {@code run-status.json} in the run directory,
 * {@code {"state": "running" | "finished" | "failed", "updated": "<ISO instant>"}}, written
 * atomically. {@code graft run} writes {@code running} when it starts or resumes a run and
 * {@code finished} once every training and probe stage is done; {@code graft report} refuses a run
 * whose state is not {@code finished} (a missing file counts as not finished).
 */
public final class RunStatus {
    public static final String FILE = "run-status.json";
    /** The field of the per-kind stage times. */
    public static final String STAGE_TIME = "stage_time";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A run's state. */
    public enum State {
        RUNNING, FINISHED, FAILED;

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private RunStatus() {
    }

    /** Writes the state of the run in {@code runDir} (atomically). */
    public static void write(Path runDir, State state) throws IOException {
        write(runDir, state, Map.of());
    }

    /**
     * Writes the state with {@code stage_time}: the wall and CPU seconds of the run's stages summed per
     * stage kind ({@code {kind: {"stages", "wall_s", "cpu_s", "untimed"}}}; left out when empty).
     */
    public static void write(Path runDir, State state, Map<String, Object> stageTime) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", state.word());
        m.put("updated", Instant.now().toString());
        if (!stageTime.isEmpty()) {
            m.put(STAGE_TIME, stageTime);
        }
        AtomicFiles.writeString(runDir.resolve(FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m) + "\n");
    }

    /** The recorded state; empty when there is no status file or it names no known state. */
    public static Optional<State> read(Path runDir) {
        Path file = runDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            String word = node == null ? "" : node.path("state").asText("");
            for (State s : State.values()) {
                if (s.word().equals(word)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The recorded per-kind stage times ({@link #write(Path, State, Map)}); empty when there are none. */
    public static Map<String, Map<String, Double>> stageTime(Path runDir) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        Path file = runDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            JsonNode times = node == null ? null : node.get(STAGE_TIME);
            if (times != null) {
                times.fields().forEachRemaining(e -> {
                    Map<String, Double> kind = new LinkedHashMap<>();
                    e.getValue().fields().forEachRemaining(f -> kind.put(f.getKey(), f.getValue().asDouble()));
                    out.put(e.getKey(), kind);
                });
            }
        } catch (IOException e) {
            // unreadable: no times to show
        }
        return out;
    }

    /**
     * Checks that {@code runDir} is a run directory (it holds {@code spec.resolved.yaml} and
     * {@code provenance.json}) whose run has finished.
     *
     * @throws UserInputException saying which it is not, and what to do
     */
    public static void requireFinishedRun(Path runDir) {
        if (!Files.isDirectory(runDir)) {
            throw new UserInputException(runDir + ": no such folder. Give the folder of a run (graft run writes one, "
                    + "by default runs/<spec name>).");
        }
        for (String name : new String[] {RunFiles.SPEC, RunFiles.PROVENANCE}) {
            if (!Files.isRegularFile(runDir.resolve(name))) {
                throw new UserInputException(runDir + " is not a run directory: it has no " + name + ". Give the folder "
                        + "that graft run wrote (it holds " + RunFiles.SPEC + ", " + RunFiles.PROVENANCE + " and "
                        + RunFiles.METRICS + ").");
            }
        }
        Optional<State> state = read(runDir);
        if (state.isEmpty() || state.get() != State.FINISHED) {
            String what = state.map(s -> "its " + FILE + " says " + s.word()).orElse("it has no readable " + FILE);
            throw new UserInputException("The run in " + runDir + " has not finished (" + what + "). Finish it first: "
                    + "running the same graft run command again resumes it.");
        }
    }
}
