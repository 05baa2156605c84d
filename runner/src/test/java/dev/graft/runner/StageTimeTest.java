package dev.graft.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Where the hours go": every stage a run makes records its wall and CPU time in its manifest, and
 * {@code run-status.json} and the report's appendix sum them per stage kind.
 */
class StageTimeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SPEC = "name: timed\n" + ExperimentRunTest.TINY + """
            experiment:
              seeds: [1]
              conditions:
                small+aux: {model: small, auxiliary: true}
                baseline: {model: large}
                graft+aux: {model: large, graft: {from: small+aux, strategy: offset}}
              compare: [{a: graft+aux, b: baseline}]
            """;

    @TempDir
    Path tmp;

    @Test
    void every_made_stage_records_wall_and_cpu_time_and_the_run_sums_them_per_kind() throws Exception {
        Path spec = Files.writeString(tmp.resolve("timed.yaml"), SPEC);
        Path out = tmp.resolve("run");
        Path cache = tmp.resolve("cache");
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("run", spec.toString(), "--out", out.toString(), "--cache", cache.toString(),
                "--no-progress", "--parallel", "1");
        assertEquals(0, code, err.toString());

        Map<String, double[]> byKind = new HashMap<>(); // stages, wall, cpu
        Set<String> seen = new HashSet<>();
        for (JsonNode stage : JSON.readTree(out.resolve("provenance.json").toFile()).path("stages")) {
            String kind = stage.path("kind").asText();
            if (!seen.add(kind + "/" + stage.path("key").asText())) {
                continue;
            }
            JsonNode time = JSON.readTree(cache.resolve(kind).resolve(stage.path("key").asText())
                    .resolve("manifest.json").toFile()).path("time");
            double wall = time.path("wall_s").asDouble(-1);
            double cpu = time.path("cpu_s").asDouble(-1);
            assertTrue(wall > 0, stage.path("id").asText() + ": wall time in its manifest, got " + time);
            assertTrue(cpu > 0, stage.path("id").asText() + ": CPU time in its manifest, got " + time);
            double[] sum = byKind.computeIfAbsent(kind, k -> new double[3]);
            sum[0]++;
            sum[1] += wall;
            sum[2] += cpu;
        }
        assertTrue(byKind.keySet().containsAll(Set.of("data", "train-small", "init-large", "graft", "train-large")),
                byKind.keySet().toString());

        JsonNode status = JSON.readTree(out.resolve("run-status.json").toFile());
        assertEquals("finished", status.path("state").asText());
        JsonNode times = status.path("stage_time");
        double total = 0;
        for (Map.Entry<String, double[]> e : byKind.entrySet()) {
            JsonNode kind = times.path(e.getKey());
            assertEquals(e.getValue()[0], kind.path("stages").asDouble(), e.getKey() + " stages");
            assertEquals(e.getValue()[1], kind.path("wall_s").asDouble(), 1e-9, e.getKey() + " wall time");
            assertEquals(e.getValue()[2], kind.path("cpu_s").asDouble(), 1e-9, e.getKey() + " CPU time");
            assertEquals(0, kind.path("untimed").asInt(), e.getKey());
            total += e.getValue()[1];
        }
        assertEquals(total, times.path("total").path("wall_s").asDouble(), 1e-9, "total wall time");

        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<h2 id=\"stage-time\">Where the hours went</h2>"), "the report's appendix");
        assertTrue(html.contains("<tr><th>train-small</th><td>1</td>"), "one row per kind");
    }
}
