package dev.graft.report;

import dev.graft.measure.MeasureLog;
import dev.graft.measure.MeasureRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report's section on measures.csv: plots with a band over seeds, the heat map, the paragraph's numbers. */
class MeasureReportTest {
    @TempDir
    Path run;

    private void write(List<MeasureRow> rows) throws Exception {
        MeasureLog.writeAll(run.resolve(RunFiles.MEASURES), rows);
    }

    private static List<MeasureRow> rows() {
        List<MeasureRow> rows = new ArrayList<>();
        for (long seed : new long[] {1, 2}) {
            for (long step : new long[] {0, 10, 20}) {
                for (int layer = 0; layer < 2; layer++) {
                    double cka = 1 - step * (layer + 1) * 0.01 * seed;     // seed 1 and 2 differ: a band
                    rows.add(new MeasureRow("graft+aux", seed, step, layer, "resid_post", "cka.source", cka));
                    for (String p : List.of("W_Q", "W_K", "W_V", "W_O")) {
                        rows.add(new MeasureRow("graft+aux", seed, step, layer, "head0", "drift." + p, step * 0.001));
                        rows.add(new MeasureRow("graft+aux", seed, step, layer, "head1", "drift." + p, step * 0.003));
                    }
                }
                rows.add(new MeasureRow("graft+aux", seed, step, 1, "head0", "ablate.zero.d_value_loss", 0.05));
                rows.add(new MeasureRow("graft+aux", seed, step, 1, "head1", "ablate.zero.d_value_loss", -0.01));
                rows.add(new MeasureRow("baseline", seed, step, 1, "head0", "ablate.zero.d_value_loss", 0.001));
                rows.add(new MeasureRow("baseline", seed, step, 0, "resid_post", "cka.start", 0.5));
            }
        }
        return rows;
    }

    @Test
    void cka_and_drift_are_plotted_per_layer_with_the_mean_and_the_band_over_seeds() throws Exception {
        write(rows());
        List<Plots.Plot> plots = MeasureReport.of(run, List.of("baseline", "graft+aux")).plots();
        assertEquals(List.of("measure-cka-source", "measure-drift-heads"), plots.stream().map(Plots.Plot::stem).toList());
        // layer 1 at step 20: seed 1 → 1 − 0.4 = 0.6, seed 2 → 1 − 0.8 = 0.2; mean 0.4, band 0.2…0.6, 2 seeds
        assertArrayEquals(new double[] {0.4, 0.2, 0.6, 2}, row(plots.get(0).csv(), "graft+aux L1,20,"), 1e-12);
        // mean over heads 0 and 1 and the four matrices at step 20: (0.02 + 0.06) / 2 = 0.04, the same for both seeds
        assertArrayEquals(new double[] {0.04, 0.04, 0.04, 2}, row(plots.get(1).csv(), "graft+aux L0,20,"), 1e-12);
        assertTrue(plots.get(0).png() != null && plots.get(0).png().length > 1000);
    }

    /** The numbers after {@code prefix} on the CSV line that starts with it. */
    private static double[] row(String csv, String prefix) {
        String line = csv.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(csv));
        return java.util.Arrays.stream(line.substring(prefix.length()).split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    @Test
    void the_section_states_the_last_steps_numbers_and_draws_the_ablation_heat_map() throws Exception {
        write(rows());
        MeasureReport report = MeasureReport.of(run, List.of("baseline", "graft+aux"));
        String p = report.paragraph("graft+aux");
        assertTrue(p.startsWith("graft+aux at step 20 (mean over 2 seeds): linear CKA with the source L0 0.70, L1 0.40"), p);
        assertTrue(p.contains("L0 0.040, L1 0.040"), p);
        String html = report.html();
        assertTrue(html.contains("<h2 id=\"measures\">"), html);
        assertTrue(html.contains("graft+aux L1 (step 20)") && html.contains("+0.0500") && html.contains("-0.0100"), html);
        assertTrue(html.contains("baseline L1 (step 20)") && html.contains("+0.0010"), html);
    }

    @Test
    void a_run_without_measures_has_no_section() {
        MeasureReport report = MeasureReport.of(run, List.of("baseline"));
        assertTrue(report.isEmpty());
        assertEquals("", report.html());
        assertFalse(report.plots().iterator().hasNext());
    }
}
