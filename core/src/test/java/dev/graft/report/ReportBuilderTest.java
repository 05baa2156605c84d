package dev.graft.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.fit.TestCurves;
import dev.graft.io.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The library call the pipeline's last stage makes, with a test exponential as the only fit model. */
class ReportBuilderTest {

    @TempDir
    Path tmp;

    private static AnalysisSettings settings(int bootstrap) {
        return new AnalysisSettings(List.of(new AnalysisSettings.NamedFit("test-exponential", TestCurves.Exponential.standard())),
                bootstrap, List.of(0.2, 0.4, 0.6, 0.8), 0, false, "ridge", 2, OptionalInt.empty(), null);
    }

    @Test
    void build_writes_fits_json_plots_with_csvs_and_the_report() throws Exception {
        Path run = SyntheticRun.standard().compare("{a: graft+aux, b: baseline}").write(tmp.resolve("run"));
        ReportBuilder.Report report = ReportBuilder.build(run, settings(100));
        JsonNode fits = new ObjectMapper().readTree(run.resolve(RunFiles.FITS).toFile());
        assertEquals(1, fits.size());
        JsonNode e = fits.get(0);
        assertEquals("graft+aux - baseline", e.get("comparison").asText());
        assertEquals(2, e.get("layer").asInt());
        assertEquals("test-exponential", e.get("model").asText());
        assertEquals(List.of("c", "A", "tau"), iterate(e.get("params").fieldNames()));
        assertEquals(SyntheticRun.AUX_GAP_INF, e.get("params").get("c").asDouble(), 0.02);
        assertEquals(e.get("params").get("c").asDouble(), e.get("gap_inf").asDouble(), 0);
        assertEquals(100, e.get("bootstrap").get("replicates").asInt());
        assertEquals(3, e.get("gap_by_seed").size());
        assertEquals(20, e.get("gap").size());
        assertEquals(4, e.get("cv").size());
        assertTrue(e.get("gap_inf_ci").get(0).asDouble() < e.get("gap_inf_ci").get(1).asDouble());
        for (String stem : List.of("loss-train", "loss-validation", "probe-r2-layer2", "final-r2-by-layer",
                "gap-graft+aux-vs-baseline-layer2", "cv-graft+aux-vs-baseline-layer2")) {
            assertTrue(Files.size(run.resolve("plots").resolve(stem + ".png")) > 1000, stem);
            assertTrue(Files.readString(run.resolve("plots").resolve(stem + ".csv")).lines().count() > 2, stem);
        }
        assertEquals(6, report.plots().size(), "no loss-against-FLOPs plot: the synthetic spec has no batch sizes: "
                + report.plots());
        String html = Files.readString(report.html());
        JsonNode growth = new ObjectMapper().readTree(run.resolve(GrowthMetrics.FILE).toFile());
        assertEquals(List.of("graft+aux", "graft-aux"), List.of(growth.get(0).get("condition").asText(),
                growth.get(1).get("condition").asText()));
        assertTrue(html.contains("<h2 id=\"growth\">Growth</h2>"), "the growth section");
        assertTrue(html.contains("<b>graft+aux − baseline at layer 2</b>: the mean gap shrank over the run, from 0.129 at step 1,000"
                + " to 0.047 at step 20,000 (3 seeds, 20 probe steps)"), html);
        assertTrue(html.contains("asymptote under test-exponential 0.0"), "the verdict quotes the asymptote");
        assertEquals("ok", e.get("status").asText(), e.get("reasons").toString());
        JsonNode layers = new ObjectMapper().readTree(run.resolve(ReportBuilder.LAYERS).toFile());
        JsonNode graft = null;
        for (JsonNode l : layers) {
            graft = l.get("condition").asText().equals("graft+aux") ? l : graft;
        }
        assertEquals(2, graft.get("key_layer").asInt());
        assertEquals(6, graft.get("mean_final_r2").size());
        assertTrue(html.contains("<h2 id=\"layers\">Layers</h2>"), "the layer comparison has its section");
        assertEquals("falling", e.get("trend").get("direction").asText());
        assertTrue(html.contains("Not checked: whether the small models (small+aux, small-aux) learned a value function"),
                "a run whose small models were not probed says so");
    }

    @Test
    void fits_json_and_the_report_carry_the_seed_correlation_test_and_a_block_bootstrap_when_one_is_set() throws Exception {
        Path run = SyntheticRun.standard().compare("{a: graft+aux, b: baseline}").write(tmp.resolve("run"));
        AnalysisSettings set = settings(100).withStudies(new StudyAnalyses(50, 3, 0, 1e-6, 1e6, 0));
        ReportBuilder.Report report = ReportBuilder.build(run, set);
        JsonNode ac = new ObjectMapper().readTree(run.resolve(RunFiles.FITS).toFile()).get(0).get("residual_autocorrelation");
        JsonNode seeds = ac.get("seed_correlation");
        assertEquals(5, seeds.get("lags").asInt(), "min(5, 20 / 3)");
        assertEquals(50, seeds.get("permutations").asInt());
        for (JsonNode p : seeds.get("p_values")) {
            assertTrue(p.asDouble() >= 1.0 / 51 && p.asDouble() <= 1, p.toString());
        }
        assertEquals(3, ac.get("block_length").asInt());
        assertEquals("spec", ac.get("block_length_from").asText());
        JsonNode block = ac.get("block_bootstrap");
        assertTrue(block.get("gap_inf_ci").get(0).asDouble() < block.get("gap_inf_ci").get(1).asDouble());
        assertEquals(100, block.get("replicates").asInt());
        String html = Files.readString(report.html());
        assertTrue(html.contains("<h2 id=\"autocorrelation\">"), "the section is there");
        assertTrue(html.contains("(block 3)"), "with the block interval");
        ReportBuilder.build(run, settings(100));
        JsonNode auto = new ObjectMapper().readTree(run.resolve(RunFiles.FITS).toFile()).get(0).get("residual_autocorrelation");
        assertEquals("acf", auto.get("block_length_from").asText());
        assertEquals(!auto.get("threat").asText().equals("high"), auto.get("block_bootstrap").isNull(),
                "without a set length the block bootstrap runs exactly when the threat is high");
    }

    @Test
    void horizon_stability_gets_a_plot_and_a_section_that_read_no_asymptote_off_a_fit_that_does_not_describe_its_curve()
            throws Exception {
        // graft-aux − baseline rises towards its floor from below: no decay model describes it
        Path run = SyntheticRun.standard().compare("{a: graft+aux, b: baseline}", "{a: graft-aux, b: baseline}")
                .write(tmp.resolve("run"));
        AnalysisSettings base = settings(100);
        AnalysisSettings set = new AnalysisSettings(base.fits(), 100, base.prefixes(), 0, false, "ridge", 2,
                OptionalInt.empty(), null, List.of(0.5, 1.0), 100, new StudyAnalyses(20, 0, 5, 1e-3, 1e3, 100));
        ReportBuilder.Report report = ReportBuilder.build(run, set);
        for (String stem : List.of("horizons-graft+aux-vs-baseline-layer2", "horizons-graft-aux-vs-baseline-layer2")) {
            assertTrue(Files.readString(run.resolve("plots").resolve(stem + ".csv")).startsWith("series,tag,x,y,lo,hi"), stem);
        }
        assertTrue(Files.size(run.resolve("plots/horizons-graft+aux-vs-baseline-layer2.png")) > 1000,
                "the decaying gap's horizons are drawn");
        String html = Files.readString(report.html());
        String section = html.substring(html.indexOf("<h2 id=\"horizons\">"), html.indexOf("<h2 id=\"layers\">"));
        String rising = section.substring(section.indexOf("graft-aux − baseline"));
        assertTrue(rising.contains("wrong-shape</td><td class=\"num\">—</td><td class=\"num\">—</td>"),
                "a horizon whose fit does not describe its prefix shows no asymptote: " + rising);
        String added = html.substring(html.indexOf("<h2 id=\"autocorrelation\">"), html.indexOf("<h2 id=\"plots\">"));
        assertFalse(added.matches("(?s).*(persists|vanishes).*"), "no conclusion words in the analyses' sections");
        assertTrue(added.contains("Not run: no plugin catalog"), "the final-probe analyses say why they did not run");
        assertFalse(Files.exists(run.resolve(AlphaSweep.FILE)));
    }

    @Test
    void the_gap_csv_holds_every_plotted_series() throws Exception {
        Path run = SyntheticRun.standard().compare("{a: graft+aux, b: baseline}").write(tmp.resolve("run"));
        ReportBuilder.build(run, settings(100));
        List<String> lines = Files.readAllLines(run.resolve("plots/gap-graft+aux-vs-baseline-layer2.csv"));
        assertEquals("series,step,value", lines.get(0));
        for (String series : List.of("seed 42", "seed 123", "seed 456", "mean", "test-exponential fit", "test-exponential gap_inf",
                "test-exponential gap_inf_ci_low", "test-exponential gap_inf_ci_high")) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(series + ",")), series);
        }
    }

    @Test
    void a_run_without_comparisons_still_reports_losses_and_probes() throws Exception {
        Path run = SyntheticRun.standard().compare().write(tmp.resolve("run"));
        ReportBuilder.build(run, settings(100));
        assertEquals("[]", new ObjectMapper().readTree(run.resolve(RunFiles.FITS).toFile()).toString());
        assertTrue(Files.exists(run.resolve("plots/loss-train.png")));
        assertTrue(Files.exists(run.resolve("plots/final-r2-by-layer.png")));
        assertTrue(Files.readString(run.resolve(RunFiles.REPORT)).contains("No gap was analysed"));
    }

    @Test
    void an_entry_without_probes_fails_the_check_before_anything_is_written() throws Exception {
        Path run = SyntheticRun.standard().compare("{a: graft+aux, b: baseline, layer: 9}").write(tmp.resolve("run"));
        UserInputException e = assertThrows(UserInputException.class, () -> ReportBuilder.build(run, settings(100)));
        assertTrue(e.getMessage().contains("not at layer 9"), e.getMessage());
        assertFalse(Files.exists(run.resolve(RunFiles.FITS)));
        assertFalse(Files.exists(run.resolve(RunFiles.PLOTS)));
        assertFalse(Files.exists(run.resolve(RunFiles.REPORT)));
    }

    @Test
    void settings_refuse_fewer_than_100_replicates_and_prefixes_outside_0_1() {
        assertThrows(IllegalArgumentException.class, () -> settings(99));
        assertThrows(IllegalArgumentException.class, () -> new AnalysisSettings(List.of(), 100, List.of(1.0), 0, false,
                "ridge", 1, OptionalInt.empty(), null));
    }

    private static List<String> iterate(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
