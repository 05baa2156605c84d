package dev.graft.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.report.SyntheticRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code graft report}: rebuilding a run's analysis from its folder, and refusing bad input before writing. */
class ReportCommandTest {

    @TempDir
    Path tmp;

    private record Result(int code, String out, String err) {
    }

    private static Result graft(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private static Map<String, byte[]> snapshot(Path dir) throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    @Test
    void report_rebuilds_fits_plots_and_html_from_a_run_folder() throws Exception {
        Path run = SyntheticRun.standard().write(tmp.resolve("run"));
        Result r = graft("report", run.toString(), "--threads", "2");
        assertEquals(0, r.code(), r.err() + r.out());

        JsonNode fits = new ObjectMapper().readTree(run.resolve("fits.json").toFile());
        assertEquals(3 * 2, fits.size(), "three comparisons, two models each");
        JsonNode exp = null;
        for (JsonNode e : fits) {
            for (String field : List.of("comparison", "layer", "model", "steps", "gap", "params", "sse", "bic", "gap_inf_ci",
                    "status", "cv")) {
                assertTrue(e.has(field), field + " missing in " + e);
            }
            assertEquals(2, e.get("layer").asInt(), "default key layer: the last grafted layer of a");
            assertEquals(20, e.get("steps").size());
            if (e.get("comparison").asText().equals("graft+aux - baseline") && e.get("model").asText().equals("exponential-offset")) {
                exp = e;
            }
        }
        assertNotNull(exp);
        assertEquals("ok", exp.get("status").asText());
        double gapInf = exp.get("params").get("gap_inf").asDouble();
        assertEquals(SyntheticRun.AUX_GAP_INF, gapInf, 0.02, "the fitted asymptote is near the generating one");
        assertTrue(exp.get("params").has("tau") && exp.get("params").has("A"));
        double lo = exp.get("gap_inf_ci").get(0).asDouble();
        double hi = exp.get("gap_inf_ci").get(1).asDouble();
        assertTrue(lo <= gapInf && gapInf <= hi, "the point estimate lies in its interval: " + lo + " " + gapInf + " " + hi);
        assertEquals(4, exp.get("cv").size());

        for (String stem : List.of("loss-train", "loss-validation", "probe-r2-layer2", "final-r2-by-layer",
                "gap-graft+aux-vs-baseline-layer2", "cv-graft+aux-vs-baseline-layer2", "gap-graft-aux-vs-baseline-layer2")) {
            Path png = run.resolve("plots").resolve(stem + ".png");
            BufferedImage image = ImageIO.read(png.toFile());
            assertNotNull(image, stem + ".png is a PNG");
            assertEquals(960, image.getWidth());
            assertTrue(Files.size(run.resolve("plots").resolve(stem + ".csv")) > 20, stem + ".csv holds data");
        }
        String html = Files.readString(run.resolve("report.html"));
        assertTrue(html.contains("data:image/png;base64,"), "images are inlined");
        assertFalse(html.contains("src=\"plots/"), "no image is loaded from a file");
        assertTrue(html.contains("graft+aux − baseline at layer 2"), "the verdict names the comparison");
        assertTrue(html.contains("asymptote under exponential-offset"), html);
    }

    @Test
    void report_twice_gives_the_same_bytes_apart_from_its_timestamp() throws Exception {
        Path run = SyntheticRun.standard().layers("all").bootstrap(100).compare("{a: graft+aux, b: baseline}")
                .write(tmp.resolve("run"));
        assertEquals(0, graft("report", run.toString(), "--threads", "2").code());
        Map<String, byte[]> first = snapshot(run);
        assertEquals(0, graft("report", run.toString(), "--threads", "1").code());
        Map<String, byte[]> second = snapshot(run);
        assertEquals(first.keySet(), second.keySet());
        for (String name : first.keySet()) {
            if (name.equals("report.html")) {
                assertEquals(withoutTimestamp(first.get(name)), withoutTimestamp(second.get(name)));
            } else {
                assertArrayEquals(first.get(name), second.get(name), name + " changed between two builds");
            }
        }
        assertTrue(first.keySet().stream().anyMatch(n -> n.endsWith("gap-graft+aux-vs-baseline-layer4.png")),
                "layers: all fits other layers too: " + first.keySet());
    }

    private static String withoutTimestamp(byte[] html) {
        return new String(html, StandardCharsets.UTF_8).replaceAll("<span id=\"generated\">[^<]*</span>", "");
    }

    @Test
    void a_report_with_other_settings_replaces_the_plots_of_the_last_one() throws Exception {
        Path run = SyntheticRun.standard().layers("all").bootstrap(100).compare("{a: graft+aux, b: baseline}")
                .write(tmp.resolve("run"));
        assertEquals(0, graft("report", run.toString()).code());
        assertTrue(Files.exists(run.resolve("plots/gap-graft+aux-vs-baseline-layer4.png")));
        Result r = graft("report", run.toString(), "--set", "analysis.layers=key", "--set", "analysis.bootstrap=100");
        assertEquals(0, r.code(), r.err());
        assertFalse(Files.exists(run.resolve("plots/gap-graft+aux-vs-baseline-layer4.png")), "stale plot removed");
        assertEquals(2, new ObjectMapper().readTree(run.resolve("fits.json").toFile()).size(), "one layer, two models");
    }

    @Test
    void a_folder_that_is_not_a_run_exits_2_and_writes_nothing() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("not-a-run"));
        Files.writeString(dir.resolve("notes.txt"), "hello");
        Map<String, byte[]> before = snapshot(dir);
        Result r = graft("report", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("is not a run directory") && r.err().contains("spec.resolved.yaml"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertEquals(before.keySet(), snapshot(dir).keySet());
        assertEquals(2, graft("report", tmp.resolve("missing").toString()).code());
    }

    @Test
    void an_unfinished_run_exits_2_and_writes_nothing() throws Exception {
        for (String state : new String[] {"running", null}) {
            Path run = SyntheticRun.standard().state(state).write(tmp.resolve("run-" + state));
            Map<String, byte[]> before = snapshot(run);
            Result r = graft("report", run.toString());
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("has not finished"), r.err());
            assertEquals(before.keySet(), snapshot(run).keySet(), "nothing written");
        }
    }

    @Test
    void bad_analysis_settings_exit_2_before_any_work() throws Exception {
        Path run = SyntheticRun.standard().write(tmp.resolve("run"));
        Map<String, byte[]> before = snapshot(run);
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[] {"analysis.fits=[exponential-offset, no-such-model]", "unknown fit model 'no-such-model'"});
        cases.add(new String[] {"analysis.bootstrap=50", "analysis.bootstrap"});
        cases.add(new String[] {"analysis.prefixes=[0.5, 1.0]", "analysis.prefixes.1"});
        cases.add(new String[] {"analysis.prefixes=[0]", "analysis.prefixes.0"});
        cases.add(new String[] {"training.lr=1", "only analysis settings"});
        for (String[] c : cases) {
            Result r = graft("report", run.toString(), "--set", c[0]);
            assertEquals(2, r.code(), c[0] + ": " + r.err());
            assertTrue(r.err().contains(c[1]), c[0] + ": " + r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
        assertTrue(graft("report", run.toString(), "--set", "analysis.bootstrap=50").err().contains("≥ 100"));
        assertEquals(before.keySet(), snapshot(run).keySet(), "nothing written");
    }

    @Test
    void an_unknown_fit_model_in_the_run_spec_names_the_spec_line() throws Exception {
        Path run = SyntheticRun.standard().fits("exponential-offset", "exponental-offset").write(tmp.resolve("run"));
        Result r = graft("report", run.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("spec.resolved.yaml:"), r.err());
        assertTrue(r.err().contains("Did you mean 'exponential-offset'?"), r.err());
        assertFalse(Files.exists(run.resolve("fits.json")));
    }

    @Test
    void a_compare_entry_whose_conditions_have_no_probes_exits_2_before_any_work() throws Exception {
        Path run = SyntheticRun.standard().compare("{a: graft+aux, b: baseline}", "{a: graft+aux, b: small-aux, layer: 4}")
                .write(tmp.resolve("run"));
        Map<String, byte[]> before = snapshot(run);
        Result r = graft("report", run.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("experiment.compare.1 (graft+aux - small-aux)"), r.err());
        assertTrue(r.err().contains("not at layer 4"), r.err());
        assertEquals(before.keySet(), snapshot(run).keySet(), "nothing written");

        Path other = SyntheticRun.standard().compare("{a: graft+aux, b: nobody}").write(tmp.resolve("other"));
        Result r2 = graft("report", other.toString());
        assertEquals(2, r2.code());
        assertTrue(r2.err().contains("condition 'nobody' has no 'ridge' rows"), r2.err());
        assertFalse(Files.exists(other.resolve("report.html")));
    }

    @Test
    void a_compare_entry_without_a_known_key_layer_needs_one() throws Exception {
        Path run = SyntheticRun.standard().compare("{a: small+aux, b: small-aux}").write(tmp.resolve("run"));
        Result r = graft("report", run.toString(), "--set", "analysis.bootstrap=100");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("no default key layer") && r.err().contains("--key-layer"), r.err());
        Result given = graft("report", run.toString(), "--set", "analysis.bootstrap=100", "--key-layer", "1");
        assertEquals(0, given.code(), given.err());
        assertEquals(1, new ObjectMapper().readTree(run.resolve("fits.json").toFile()).get(0).get("layer").asInt());
    }
}
