package dev.graft.report;

import dev.graft.fit.TestCurves;
import dev.graft.report.SeriesSet.Series;
import dev.graft.report.SeriesSet.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CSV beside each PNG holds exactly the numbers of the series the PNG is drawn from: the report is
 * built from a synthetic run, the series are computed again from the run's contents, the PNG in plots/
 * is the one those series draw, and the CSV read back gives every drawn point of every series and no other row.
 */
class PlotsTest {

    @TempDir
    Path tmp;

    @Test
    void each_plot_csv_read_back_holds_exactly_the_series_its_png_is_drawn_from() throws Exception {
        Path run = SyntheticRun.standard().compare("{a: graft+aux, b: baseline}").write(tmp.resolve("run"));
        probeSmallModelsOnlyAtTheEnd(run);
        AnalysisSettings settings = new AnalysisSettings(
                List.of(new AnalysisSettings.NamedFit("test-exponential", TestCurves.Exponential.standard())),
                100, List.of(0.2, 0.4, 0.6, 0.8, 0.99), 0, false, "ridge", 2, OptionalInt.empty(), null);
        ReportBuilder.Report report = ReportBuilder.build(run, settings);
        RunContents contents = RunContents.read(run);
        List<String> conditions = contents.conditions();
        GapAnalysis analysis = report.analyses().get(0);
        List<SeriesSet> sets = List.of(
                PlotData.loss(contents.metrics(), conditions, "train", "loss-train", "Training loss"),
                PlotData.loss(contents.metrics(), conditions, "quick", "loss-validation", "Quick validation loss"),
                PlotData.probeOverSteps(contents.probes(), conditions, 2, "ridge"),
                PlotData.finalByLayer(contents.probes(), conditions, "ridge"),
                PlotData.gap(analysis), PlotData.crossValidation(analysis));
        for (SeriesSet set : sets) {
            byte[] png = ChartRenderer.png(set);
            assertNotNull(png, set.stem());
            assertArrayEquals(png, Files.readAllBytes(run.resolve("plots").resolve(set.stem() + ".png")), set.stem());
            List<List<String>> rows = Files.readAllLines(run.resolve("plots").resolve(set.stem() + ".csv")).stream()
                    .skip(1).map(Csv::split).collect(Collectors.toList());
            int listed = 0;
            for (Series s : set.series()) {
                listed += checkRows(set, s, rows);
            }
            assertEquals(rows.size(), listed, set.stem() + ": every CSV row belongs to a series");
        }
        SeriesSet probe = sets.get(2);
        assertTrue(probe.series().stream().anyMatch(s -> s.style().shape() == Shape.REFERENCE),
                "the small models, probed only at their end, are reference levels");
        SeriesSet cv = sets.get(5);
        assertTrue(cv.series().stream().anyMatch(s -> s.status() != null && Arrays.stream(s.status())
                .anyMatch(st -> !st.equals("ok"))), "a fold that leaves too few points is listed but not drawn");
    }

    @Test
    void the_mean_series_is_the_mean_over_the_seed_series_at_each_step() throws Exception {
        Path run = SyntheticRun.standard().compare().write(tmp.resolve("run"));
        RunContents contents = RunContents.read(run);
        SeriesSet set = PlotData.probeOverSteps(contents.probes(), contents.conditions(), 2, "ridge");
        for (String condition : SyntheticRun.CONDITIONS) {
            List<Series> seeds = set.series().stream().filter(s -> s.key().equals(condition)
                    && !s.tag().equals("mean")).toList();
            Series mean = set.series().stream().filter(s -> s.key().equals(condition) && s.tag().equals("mean"))
                    .findFirst().orElseThrow();
            assertEquals(3, seeds.size(), condition);
            for (int i = 0; i < mean.x().length; i++) {
                double sum = 0;
                for (Series s : seeds) {
                    assertEquals(mean.x()[i], s.x()[i], condition);
                    sum += s.y()[i];
                }
                assertEquals(sum / 3, mean.y()[i], 1e-12, condition + " at step " + mean.x()[i]);
            }
        }
        SeriesSet loss = PlotData.loss(contents.metrics(), contents.conditions(), "train", "loss-train", "Training loss");
        for (Series s : loss.series()) {
            for (int i = 0; i < s.x().length; i++) {
                assertTrue(s.lo()[i] <= s.y()[i] && s.y()[i] <= s.hi()[i], s.key() + " at step " + s.x()[i]);
                assertEquals(3, s.column("seeds")[i], s.key());
            }
        }
    }

    /** Asserts the CSV rows of {@code s} hold its numbers; returns how many rows they are. */
    private static int checkRows(SeriesSet set, Series s, List<List<String>> rows) {
        String what = set.stem() + " / " + s.label();
        switch (set.table()) {
            case SPREAD -> {
                List<List<String>> mine = rows.stream().filter(r -> r.get(0).equals(s.key())).toList();
                assertColumn(s.x(), mine, 1, what);
                assertColumn(s.y(), mine, 2, what);
                assertColumn(s.lo(), mine, 3, what);
                assertColumn(s.hi(), mine, 4, what);
                assertColumn(s.column("seeds"), mine, 5, what);
                return mine.size();
            }
            case PER_SEED -> {
                List<List<String>> mine = rows.stream().filter(r -> r.get(0).equals(s.key()) && r.get(1).equals(s.tag()))
                        .toList();
                if (s.style().shape() == Shape.REFERENCE) {
                    assertEquals(1, mine.size(), what);
                    assertEquals("", mine.get(0).get(2), what);
                    for (double y : s.y()) {
                        assertEquals(y, number(mine.get(0).get(3)), what);
                    }
                } else {
                    assertColumn(s.x(), mine, 2, what);
                    assertColumn(s.y(), mine, 3, what);
                }
                return mine.size();
            }
            case BY_LAYER -> {
                List<List<String>> mine = rows.stream().filter(r -> r.get(0).equals(s.key())).toList();
                assertColumn(s.x(), mine, 1, what);
                assertColumn(s.y(), mine, 2, what);
                int c = 3;
                for (String name : List.of("sd", "min", "max", "seeds")) {
                    assertColumn(s.column(name), mine, c++, what);
                }
                return mine.size();
            }
            case LONG -> {
                int last = s.x().length - 1;
                switch (s.style().shape()) {
                    case GUIDE -> {
                        return 0;
                    }
                    case BAND -> {
                        List<List<String>> low = rows.stream().filter(r -> r.get(0).equals(s.key() + "_ci_low")).toList();
                        List<List<String>> high = rows.stream().filter(r -> r.get(0).equals(s.key() + "_ci_high")).toList();
                        assertColumn(new double[] {s.x()[last]}, low, 1, what);
                        assertColumn(new double[] {s.lo()[last]}, low, 2, what);
                        assertColumn(new double[] {s.hi()[last]}, high, 2, what);
                        return low.size() + high.size();
                    }
                    case REFERENCE -> {
                        List<List<String>> mine = rows.stream().filter(r -> r.get(0).equals(s.key())).toList();
                        assertColumn(new double[] {s.x()[last]}, mine, 1, what);
                        assertColumn(new double[] {s.y()[last]}, mine, 2, what);
                        return mine.size();
                    }
                    default -> {
                        List<List<String>> mine = rows.stream().filter(r -> r.get(0).equals(s.key())).toList();
                        assertColumn(s.x(), mine, 1, what);
                        assertColumn(s.y(), mine, 2, what);
                        return mine.size();
                    }
                }
            }
            case FOLDS -> {
                List<List<String>> mine = rows.stream().filter(r -> r.get(0).equals(s.key())).toList();
                assertColumn(s.x(), mine, 1, what);
                assertEquals(List.of(s.status()), mine.stream().map(r -> r.get(2)).toList(), what);
                assertColumn(s.y(), mine, s.tag().equals("rmse") ? 5 : 6, what);
                if (s.tag().equals("rmse")) {
                    assertColumn(s.column("fitted"), mine, 3, what);
                    assertColumn(s.column("predicted"), mine, 4, what);
                    return mine.size();
                }
                return 0;
            }
            default -> throw new AssertionError(set.table());
        }
    }

    private static void assertColumn(double[] expected, List<List<String>> rows, int column, String what) {
        assertEquals(expected.length, rows.size(), what + ": rows");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], number(rows.get(i).get(column)), what + ", row " + i + ", column " + column);
        }
    }

    private static double number(String cell) {
        return cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
    }

    /** Drops the small models' probes during training, so that they have only their final probe. */
    private static void probeSmallModelsOnlyAtTheEnd(Path run) throws Exception {
        Path probes = run.resolve("probes.csv");
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(probes)) {
            List<String> cells = Csv.split(line);
            if (!(cells.get(0).startsWith("small") && !cells.get(cells.size() - 1).equals("final"))) {
                kept.add(line);
            }
        }
        Files.write(probes, kept);
    }
}
