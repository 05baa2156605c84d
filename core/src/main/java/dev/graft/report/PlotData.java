package dev.graft.report;

import dev.graft.fit.PrefixCrossValidation;
import dev.graft.report.SeriesSet.Axes;
import dev.graft.report.SeriesSet.Dash;
import dev.graft.report.SeriesSet.Marker;
import dev.graft.report.SeriesSet.Series;
import dev.graft.report.SeriesSet.Shape;
import dev.graft.report.SeriesSet.Style;
import dev.graft.report.SeriesSet.Table;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * Every plot's data as series, from a run's contents: the one place that aggregates over seeds (means,
 * bands from the lowest to the highest seed, standard deviations). Drawing and CSV only read these.
 */
final class PlotData {
    private PlotData() {
    }

    /**
     * Loss (the {@code loss} field) over steps of the records of {@code split}, one line per condition
     * (mean over seeds) with a band from the lowest to the highest seed.
     */
    static SeriesSet loss(List<MetricPoint> metrics, List<String> conditions, String split, String stem, String title) {
        List<Series> series = new ArrayList<>();
        for (int ci = 0; ci < conditions.size(); ci++) {
            String condition = conditions.get(ci);
            TreeMap<Long, List<Double>> bySteps = new TreeMap<>();
            for (MetricPoint p : metrics) {
                double v = p.value("loss");
                if (p.condition().equals(condition) && p.split().equals(split) && Double.isFinite(v)) {
                    bySteps.computeIfAbsent(p.step(), k -> new ArrayList<>()).add(v);
                }
            }
            if (bySteps.isEmpty()) {
                continue;
            }
            int n = bySteps.size();
            double[] x = new double[n];
            double[] mean = new double[n];
            double[] lo = new double[n];
            double[] hi = new double[n];
            double[] seeds = new double[n];
            int i = 0;
            for (Map.Entry<Long, List<Double>> e : bySteps.entrySet()) {
                double[] v = values(e.getValue());
                x[i] = e.getKey();
                mean[i] = Numbers.mean(v);
                lo[i] = min(v);
                hi[i] = max(v);
                seeds[i] = v.length;
                i++;
            }
            series.add(new Series(condition, "mean", condition, x, mean, lo, hi, Map.of("seeds", seeds), null,
                    Style.line(ci, 2f)));
        }
        String caption = series.isEmpty() ? "No " + split + " records in the metrics."
                : "Line: mean over seeds; band: lowest to highest seed at each step.";
        return new SeriesSet(stem, title, "step", "loss", Axes.of("0.00").fromZero().tickSpacing(100), Table.SPREAD,
                caption, series);
    }

    /**
     * R² over steps at {@code layer}: one series per seed, the mean over seeds at each step, and for a
     * condition probed only at its end (a small model a graft copies) a reference level at its mean final R².
     */
    static SeriesSet probeOverSteps(ProbeTable probes, List<String> conditions, int layer, String probe) {
        List<Series> series = new ArrayList<>();
        double lastStep = 0;
        boolean any = false;
        for (int ci = 0; ci < conditions.size(); ci++) {
            String condition = conditions.get(ci);
            SortedSet<Long> seeds = probes.seeds(condition, layer, probe);
            if (seeds.isEmpty()) {
                continue;
            }
            TreeMap<Long, List<Double>> bySteps = new TreeMap<>();
            for (long seed : seeds) {
                NavigableMap<Long, Double> s = probes.series(condition, seed, layer, probe);
                double[] x = new double[s.size()];
                double[] y = new double[s.size()];
                int i = 0;
                for (Map.Entry<Long, Double> e : s.entrySet()) {
                    x[i] = e.getKey();
                    y[i] = e.getValue();
                    bySteps.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
                    i++;
                }
                series.add(Series.line(condition, Long.toString(seed), condition + " seed " + seed, x, y,
                        Style.line(ci, 1f).faded(110).unlisted()));
            }
            double[] x = new double[bySteps.size()];
            double[] y = new double[bySteps.size()];
            int i = 0;
            for (Map.Entry<Long, List<Double>> e : bySteps.entrySet()) {
                x[i] = e.getKey();
                y[i] = Numbers.mean(values(e.getValue()));
                i++;
            }
            series.add(Series.line(condition, "mean", condition, x, y, Style.line(ci, 3f)));
            lastStep = Math.max(lastStep, x[x.length - 1]);
            any = true;
        }
        int references = 0;
        for (int ci = 0; ci < conditions.size() && any; ci++) {
            String condition = conditions.get(ci);
            if (!probes.seeds(condition, layer, probe).isEmpty()) {
                continue;
            }
            double[] finals = values(probes.finalR2(condition, layer, probe).values());
            if (finals.length == 0) {
                continue;
            }
            double mean = Numbers.mean(finals);
            series.add(Series.line(condition, "reference", condition + " at its end", new double[] {0, lastStep},
                    new double[] {mean, mean}, Style.line(ci, 2f).dashed(Dash.LONG_DASH).as(Shape.REFERENCE)));
            references++;
        }
        String caption = "Thin lines: one seed each; thick line: mean over seeds at each step;"
                + " step 0 is each model before training (for a graft: what it inherited)."
                + (references == 0 ? "" : " Dashed: a model probed only at the end of its own training (the small models"
                + " a graft copies), mean over seeds.");
        return new SeriesSet("probe-r2-layer" + layer, "Probe R² (" + probe + ") at layer " + layer, "step", "R²",
                Axes.of("0.00").fromZero(), Table.PER_SEED, caption, series);
    }

    /** Each condition's R² at its last probed step, by layer: mean over seeds, sd, lowest and highest seed. */
    static SeriesSet finalByLayer(ProbeTable probes, List<String> conditions, String probe) {
        List<Series> series = new ArrayList<>();
        for (int ci = 0; ci < conditions.size(); ci++) {
            String condition = conditions.get(ci);
            SortedSet<Integer> layers = probes.layers(condition, probe);
            if (layers.isEmpty()) {
                continue;
            }
            int n = layers.size();
            double[] x = new double[n];
            double[] mean = new double[n];
            Map<String, double[]> columns = new LinkedHashMap<>();
            for (String c : List.of("sd", "min", "max", "seeds")) {
                columns.put(c, new double[n]);
            }
            int i = 0;
            for (int layer : layers) {
                double[] finals = values(probes.finalR2(condition, layer, probe).values());
                x[i] = layer;
                mean[i] = Numbers.mean(finals);
                columns.get("sd")[i] = Numbers.sd(finals);
                columns.get("min")[i] = min(finals);
                columns.get("max")[i] = max(finals);
                columns.get("seeds")[i] = finals.length;
                i++;
            }
            series.add(new Series(condition, "mean", condition, x, mean, null, null, columns, null,
                    new Style(Shape.ERROR_BARS, ci, 2f, Dash.SOLID, Marker.CIRCLE, 255, true)));
        }
        return new SeriesSet("final-r2-by-layer", "Final probe R² (" + probe + ") by layer", "layer",
                "R² at the last probed step", Axes.of("0.00").xPattern("0"), Table.BY_LAYER,
                "Mean over seeds of each seed's final probe (the final probe set where there is one, else the last "
                        + "probe during training), with ±1 standard deviation.", series);
    }

    /** A gap curve: each seed's gap, their mean, each model's fit to the mean, its asymptote and interval. */
    static SeriesSet gap(GapAnalysis analysis) {
        GapCurve g = analysis.curve();
        List<Series> series = new ArrayList<>();
        double[] t = g.steps();
        double tFirst = t[0];
        double tLast = t[t.length - 1];
        double[] ends = {tFirst, tLast};
        series.add(Series.line("zero", "guide", "zero", ends, new double[] {0, 0},
                Style.line(Style.GREY, 1f).dashed(Dash.DOT).unlisted().as(Shape.GUIDE)));
        for (int s = 0; s < g.seeds().length; s++) {
            String name = "seed " + g.seeds()[s];
            series.add(Series.line(name, "seed", name, t, g.perSeed()[s],
                    Style.line(Style.DARK_GREY, 1f).faded(90).unlisted()));
        }
        int n = g.seeds().length;
        series.add(Series.line("mean", "mean", "mean over " + n + " seed" + (n == 1 ? "" : "s"), t, g.mean(),
                Style.line(Style.BLACK, 1f).marked(Marker.CIRCLE).as(Shape.SCATTER)));
        double[] grid = new double[200];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = tFirst + (tLast - tFirst) * i / (grid.length - 1);
        }
        for (int m = 0; m < analysis.fits().size(); m++) {
            ModelFit fit = analysis.fits().get(m);
            String asymptote = fit.model() + " gap_inf";
            if (fit.hasInterval()) {
                double lower = fit.bootstrap().lower();
                double upper = fit.bootstrap().upper();
                series.add(new Series(asymptote, "interval", fit.model() + " gap_inf 95% interval", ends, null,
                        new double[] {lower, lower}, new double[] {upper, upper}, Map.of(), null,
                        Style.line(m, 0f).faded(45).as(Shape.BAND)));
            }
            if (!fit.point().ok()) {
                continue;
            }
            double[] p = fit.point().params();
            double[] y = new double[grid.length];
            for (int i = 0; i < grid.length; i++) {
                y[i] = fit.curve().value(grid[i], p);
            }
            series.add(Series.line(fit.model() + " fit", "fit",
                    fit.model() + " fit (gap_inf " + Numbers.fixed(fit.asymptote(), 3) + ")", grid, y, Style.line(m, 2.5f)));
            series.add(Series.line(asymptote, "asymptote", asymptote, ends,
                    new double[] {fit.asymptote(), fit.asymptote()},
                    Style.line(m, 1.5f).dashed(Dash.DASH).unlisted().as(Shape.REFERENCE)));
        }
        String caption = "Thin grey lines: each seed's gap R²(" + g.comparison().a() + ") − R²(" + g.comparison().b()
                + "); dots: their mean; coloured lines: each model fitted to the mean; dashed: its asymptote gap_inf; "
                + "shaded: the asymptote's 95 % bootstrap interval.";
        return new SeriesSet("gap-" + pairStem(g), "Gap " + g.comparison().a() + " − " + g.comparison().b() + " at layer "
                + g.layer(), "step", "R² gap", Axes.of("0.00"), Table.LONG, caption, series);
    }

    /** Prefix cross-validation of a gap: each model's RMSE and MAE at each fraction f (every fold, drawn or not). */
    static SeriesSet crossValidation(GapAnalysis analysis) {
        GapCurve g = analysis.curve();
        List<Series> series = new ArrayList<>();
        boolean any = false;
        for (int m = 0; m < analysis.fits().size(); m++) {
            ModelFit fit = analysis.fits().get(m);
            List<PrefixCrossValidation.Fold> folds = fit.cv();
            int n = folds.size();
            double[] f = new double[n];
            double[] rmse = new double[n];
            double[] mae = new double[n];
            double[] fitted = new double[n];
            double[] predicted = new double[n];
            String[] status = new String[n];
            for (int i = 0; i < n; i++) {
                PrefixCrossValidation.Fold fold = folds.get(i);
                f[i] = fold.f();
                rmse[i] = fold.rmse();
                mae[i] = fold.mae();
                fitted[i] = fold.fitted();
                predicted[i] = fold.predicted();
                status[i] = fold.status().name().toLowerCase(Locale.ROOT);
            }
            Map<String, double[]> columns = new LinkedHashMap<>();
            columns.put("fitted", fitted);
            columns.put("predicted", predicted);
            Series r = new Series(fit.model(), "rmse", fit.model() + " RMSE", f, rmse, null, null, columns, status,
                    Style.line(m, 2f).marked(Marker.CIRCLE));
            series.add(r);
            series.add(new Series(fit.model(), "mae", fit.model() + " MAE", f, mae, null, null, Map.of(), status,
                    Style.line(m, 1.5f).dashed(Dash.DASH).marked(Marker.DIAMOND)));
            any |= r.hasDrawnPoints();
        }
        String caption = !any ? "No prefix could be fitted and leave at least "
                + PrefixCrossValidation.MIN_PREDICTED + " points to predict."
                : "Each model fitted to the first fraction f of the mean gap and scored on the rest; lower is better.";
        return new SeriesSet("cv-" + pairStem(g), "Prefix cross-validation, " + g.comparison().a() + " − "
                + g.comparison().b() + " at layer " + g.layer(), "fraction f of the mean gap fitted",
                "error predicting the rest", Axes.of("0.000"), Table.FOLDS, caption, series);
    }

    private static String pairStem(GapCurve g) {
        return Plots.safe(g.comparison().a()) + "-vs-" + Plots.safe(g.comparison().b()) + "-layer" + g.layer();
    }

    private static double[] values(Collection<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) {
            m = Math.min(m, x);
        }
        return m;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }
}
