package dev.graft.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.graft.data.PositionDump;
import dev.graft.spi.Options;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code dump.json}: what a {@code graft data dump} folder holds, so that a reader of {@code aux.npy}
 * knows its scale and columns without the command line that made it: the game and its options, the
 * board, each auxiliary task with its resolved options (scale included) and its columns, the names of
 * aux.npy's columns, the seed, the number of positions, and the SHA-256 of the game-record file.
 */
final class DumpManifest {
    static final String FILE = "dump.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DumpManifest() {
    }

    /** One auxiliary task of the dump: its name, resolved options and number of columns. */
    record Task(String name, Options options, int outputs) {
    }

    /**
     * One line on the targets of a dump folder, from its dump.json, e.g. {@code sector-balance {sector=4,
     * scale=0.1} (16 columns)}; a folder without one says that their scale is unknown.
     */
    static String describeTargets(java.nio.file.Path dumpDir) {
        java.nio.file.Path file = dumpDir.resolve(FILE);
        if (!java.nio.file.Files.isRegularFile(file)) {
            return "no " + FILE + " in " + dumpDir + ": the targets' scale and columns are unknown";
        }
        try {
            var m = JSON.readTree(file.toFile());
            List<String> parts = new ArrayList<>();
            for (var t : m.path("auxiliary")) {
                parts.add(t.path("name").asText() + " " + t.path("options") + " (" + t.path("outputs").asInt() + " columns)");
            }
            return parts.isEmpty() ? "no auxiliary targets" : String.join(", ", parts);
        } catch (java.io.IOException e) {
            throw new dev.graft.io.UserInputException(file + " is not readable JSON (" + e.getMessage()
                    + "); dump the positions again with graft data dump");
        }
    }

    static String json(String game, Options gameOptions, int board, List<Task> tasks, long seed, int positions,
                       String sourceFile, String sourceSha256) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "graft position dump 1");
        m.put("game", game);
        m.put("game_options", gameOptions.asMap());
        m.put("board", board);
        m.put("positions", positions);
        m.put("seed", seed);
        m.put("source", Map.of("file", sourceFile, "sha256", sourceSha256));
        List<Map<String, Object>> aux = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        for (Task t : tasks) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", t.name());
            e.put("options", t.options().asMap());
            e.put("outputs", t.outputs());
            List<String> own = new ArrayList<>();
            for (int i = 0; i < t.outputs(); i++) {
                own.add(t.name() + ":" + i);
            }
            e.put("columns", own);
            aux.add(e);
            columns.addAll(own);
        }
        m.put("auxiliary", aux);
        m.put("aux_columns", columns);
        m.put("arrays", PositionDump.ARRAYS);
        try {
            return JSON.writeValueAsString(m) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
