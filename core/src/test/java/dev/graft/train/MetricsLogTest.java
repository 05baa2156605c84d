package dev.graft.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MetricsLogTest {

    @TempDir
    Path dir;

    @Test
    void rewind_drops_only_later_lines_of_the_label_and_a_cut_off_last_line() throws IOException {
        Path file = dir.resolve("metrics.jsonl");
        try (MetricsLog log = new MetricsLog(file)) {
            for (long s = 1; s <= 4; s++) {
                log.append(Map.of("step", s, "label", "a"));
                log.append(Map.of("step", s, "label", "b"));
            }
        }
        Files.writeString(file, "{\"step\":5,\"label\":\"b\",\"lo", java.nio.file.StandardOpenOption.APPEND);
        new MetricsLog(file).rewindTo("a", 2);
        assertEquals(List.of(
                "{\"step\":1,\"label\":\"a\"}", "{\"step\":1,\"label\":\"b\"}",
                "{\"step\":2,\"label\":\"a\"}", "{\"step\":2,\"label\":\"b\"}",
                "{\"step\":3,\"label\":\"b\"}", "{\"step\":4,\"label\":\"b\"}"),
                Files.readAllLines(file).stream().map(MetricsLogTest::canonical).toList());
        new MetricsLog(file).rewindTo("b", -1);
        assertEquals(2, Files.readAllLines(file).size());
    }

    private static String canonical(String json) {
        try {
            var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            Map<?, ?> m = mapper.readValue(json, java.util.LinkedHashMap.class);
            return "{\"step\":" + m.get("step") + ",\"label\":\"" + m.get("label") + "\"}";
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
