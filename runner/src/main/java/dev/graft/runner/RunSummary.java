package dev.graft.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The last full validation of each trained condition, read back from a run's metrics.jsonl. */
final class RunSummary {
    private RunSummary() {
    }

    static void print(Path metrics, PrintWriter out) throws IOException {
        if (!Files.isRegularFile(metrics)) {
            return;
        }
        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode> last = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(metrics);
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode r;
            try {
                r = json.readTree(line);
            } catch (IOException e) {
                continue; // a half-written last line of an interrupted run
            }
            if ("full".equals(r.path("split").asText())) {
                last.put(r.path("label").asText(), r);
            }
        }
        if (last.isEmpty()) {
            return;
        }
        out.println();
        out.printf(Locale.ROOT, "%-12s %7s %10s %10s %11s %10s %9s%n", "condition", "step", "value loss", "value acc",
                "policy loss", "policy top1", "aux MSE");
        for (var e : last.entrySet()) {
            JsonNode r = e.getValue();
            out.printf(Locale.ROOT, "%-12s %7d %10.4f %10.3f %11.4f %10.3f %9s%n", e.getKey(), r.path("step").asLong(),
                    r.path("value_loss").asDouble(), r.path("value_accuracy").asDouble(), r.path("policy_loss").asDouble(),
                    r.path("policy_top1").asDouble(),
                    r.has("aux_loss") ? String.format(Locale.ROOT, "%.4f", r.path("aux_loss").asDouble()) : "-");
        }
        out.println("(full validation on the validation games; every record is in " + metrics + ")");
    }
}
