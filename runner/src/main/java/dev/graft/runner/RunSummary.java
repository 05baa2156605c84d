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

/** The last full validation of each trained condition and seed, read back from a run's metrics.jsonl. */
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
                String condition = r.has("condition") ? r.path("condition").asText() : r.path("label").asText();
                last.put(condition + "\u0000" + r.path("seed").asText(""), r);
            }
        }
        if (last.isEmpty()) {
            return;
        }
        int width = Math.max(9, last.values().stream()
                .mapToInt(r -> (r.has("condition") ? r.path("condition") : r.path("label")).asText().length()).max().orElse(9));
        String head = "%-" + width + "s %6s %7s %10s %10s %11s %11s %9s%n";
        String row = "%-" + width + "s %6s %7d %10.4f %10.3f %11.4f %11.3f %9s%n";
        out.println();
        out.printf(Locale.ROOT, head, "condition", "seed", "step", "value loss", "value acc", "policy loss", "policy top1",
                "aux MSE");
        for (JsonNode r : last.values()) {
            out.printf(Locale.ROOT, row, (r.has("condition") ? r.path("condition") : r.path("label")).asText(),
                    r.path("seed").asText("-"), r.path("step").asLong(), r.path("value_loss").asDouble(),
                    r.path("value_accuracy").asDouble(), r.path("policy_loss").asDouble(), r.path("policy_top1").asDouble(),
                    r.has("aux_loss") ? String.format(Locale.ROOT, "%.4f", r.path("aux_loss").asDouble()) : "-");
        }
        out.println("(full validation on the validation games; every record is in " + metrics + ")");
    }
}
