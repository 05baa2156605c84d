package dev.graft.report;

import dev.graft.fit.PrefixCrossValidation;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The report's plots, drawn with XChart into PNGs of a fixed size (no timestamps, so the same data
 * gives the same bytes), each with the data it shows as CSV: loss curves with a band over seeds,
 * probe R² over steps at a key layer, final R² by layer, each gap with its fits and asymptote
 * intervals, and each gap's cross-validation errors.
 */
final class Plots {
    static final int WIDTH = 960;
    static final int HEIGHT = 560;

    /** A legend whose labels add up to more characters than this goes to the right, one entry a line. */
    private static final int LEGEND_ROW_CHARS = 120;

    /** tab10: distinguishable, and readable by most colour-blind readers. */
    private static final Color[] PALETTE = {
            new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
            new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** One plot: its file stem in plots/, title, caption for the report, PNG bytes and CSV text. */
    record Plot(String stem, String title, String caption, byte[] png, String csv) {
    }

    private Plots() {
    }

    static Color color(int i) {
        return PALETTE[Math.floorMod(i, PALETTE.length)];
    }

    private static Color faded(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    /** A file-name-safe form of a name: letters, digits and {@code + . _ -} kept, anything else '_'. */
    static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9+._-]", "_");
    }

    // ---- loss curves -------------------------------------------------------------------------

    /**
     * Loss (the {@code loss} field) over steps of the records of {@code split}, one line per
     * condition (mean over seeds) and a band from the lowest to the highest seed.
     */
    static Plot loss(List<MetricPoint> metrics, List<String> conditions, String split, String stem, String title) {
        XYChart chart = chart(title, "step", "loss");
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisTickMarkSpacingHint(100);
        chart.getStyler().setYAxisDecimalPattern("0.00");
        StringBuilder csv = new StringBuilder(Csv.line("condition", "step", "mean", "min", "max", "seeds"));
        int drawn = 0;
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
            int i = 0;
            for (Map.Entry<Long, List<Double>> e : bySteps.entrySet()) {
                double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
                x[i] = e.getKey();
                mean[i] = Numbers.mean(v);
                lo[i] = min(v);
                hi[i] = max(v);
                csv.append(Csv.line(condition, e.getKey(), mean[i], lo[i], hi[i], v.length));
                i++;
            }
            Color c = color(ci);
            band(chart, condition + " seed range", x, lo, hi, faded(c, 60));
            line(chart, condition, x, mean, c, 2f, true);
            drawn++;
        }
        String caption = drawn == 0 ? "No " + split + " records in the metrics."
                : "Line: mean over seeds; band: lowest to highest seed at each step.";
        return plot(stem, title, caption, chart, drawn, csv);
    }

    // ---- probe R² ----------------------------------------------------------------------------

    /** R² over steps at {@code layer}: one thin line per seed, a thick one for the mean over seeds. */
    static Plot probeOverSteps(ProbeTable probes, List<String> conditions, int layer, String probe) {
        String title = "Probe R² (" + probe + ") at layer " + layer;
        XYChart chart = chart(title, "step", "R²");
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setYAxisDecimalPattern("0.00");
        StringBuilder csv = new StringBuilder(Csv.line("condition", "seed", "step", "r2"));
        int drawn = 0;
        double lastStep = 0;
        for (int ci = 0; ci < conditions.size(); ci++) {
            String condition = conditions.get(ci);
            SortedSet<Long> seeds = probes.seeds(condition, layer, probe);
            if (seeds.isEmpty()) {
                continue;
            }
            Color c = color(ci);
            TreeMap<Long, List<Double>> bySteps = new TreeMap<>();
            for (long seed : seeds) {
                NavigableMap<Long, Double> s = probes.series(condition, seed, layer, probe);
                double[] x = new double[s.size()];
                double[] y = new double[s.size()];
                int i = 0;
                for (Map.Entry<Long, Double> e : s.entrySet()) {
                    x[i] = e.getKey();
                    y[i] = e.getValue();
                    csv.append(Csv.line(condition, seed, e.getKey(), e.getValue()));
                    bySteps.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
                    i++;
                }
                line(chart, condition + " seed " + seed, x, y, faded(c, 110), 1f, false);
            }
            double[] x = new double[bySteps.size()];
            double[] y = new double[bySteps.size()];
            int i = 0;
            for (Map.Entry<Long, List<Double>> e : bySteps.entrySet()) {
                x[i] = e.getKey();
                y[i] = Numbers.mean(e.getValue().stream().mapToDouble(Double::doubleValue).toArray());
                csv.append(Csv.line(condition, "mean", e.getKey(), y[i]));
                i++;
            }
            line(chart, condition, x, y, c, 3f, true);
            lastStep = Math.max(lastStep, x[x.length - 1]);
            drawn++;
        }
        int references = 0;
        for (int ci = 0; ci < conditions.size(); ci++) {
            String condition = conditions.get(ci);
            if (!probes.seeds(condition, layer, probe).isEmpty() || drawn == 0) {
                continue;
            }
            double[] finals = probes.finalR2(condition, layer, probe).values().stream().mapToDouble(Double::doubleValue).toArray();
            if (finals.length == 0) {
                continue;
            }
            double mean = Numbers.mean(finals);
            csv.append(Csv.line(condition, "reference", "", mean));
            XYSeries ref = chart.addSeries(condition + " at its end", new double[] {0, lastStep}, new double[] {mean, mean});
            style(ref, color(ci), 2f, true);
            ref.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
            references++;
        }
        return plot("probe-r2-layer" + layer, title, "Thin lines: one seed each; thick line: mean over seeds at each step;"
                + " step 0 is each model before training (for a graft: what it inherited)."
                + (references == 0 ? "" : " Dashed: a model probed only at the end of its own training (the small models"
                + " a graft copies), mean over seeds."), chart, drawn, csv);
    }

    /** Each condition's R² at its last probed step, by layer: mean over seeds with ±1 sd error bars. */
    static Plot finalByLayer(ProbeTable probes, List<String> conditions, String probe) {
        String title = "Final probe R² (" + probe + ") by layer";
        XYChart chart = chart(title, "layer", "R² at the last probed step");
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setYAxisDecimalPattern("0.00");
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        StringBuilder csv = new StringBuilder(Csv.line("condition", "layer", "mean", "sd", "min", "max", "seeds"));
        int drawn = 0;
        for (int ci = 0; ci < conditions.size(); ci++) {
            String condition = conditions.get(ci);
            SortedSet<Integer> layers = probes.layers(condition, probe);
            if (layers.isEmpty()) {
                continue;
            }
            List<double[]> points = new ArrayList<>();
            for (int layer : layers) {
                double[] finals = probes.finalR2(condition, layer, probe).values().stream().mapToDouble(Double::doubleValue)
                        .toArray();
                double sd = Numbers.sd(finals);
                points.add(new double[] {layer, Numbers.mean(finals), Double.isNaN(sd) ? 0 : sd});
                csv.append(Csv.line(condition, layer, Numbers.mean(finals), sd, min(finals), max(finals), finals.length));
            }
            double[] x = points.stream().mapToDouble(p -> p[0]).toArray();
            double[] y = points.stream().mapToDouble(p -> p[1]).toArray();
            double[] err = points.stream().mapToDouble(p -> p[2]).toArray();
            XYSeries s = chart.addSeries(condition, x, y, err);
            s.setLineColor(color(ci));
            s.setMarkerColor(color(ci));
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineWidth(2f);
            drawn++;
        }
        return plot("final-r2-by-layer", title, "Mean over seeds of each seed's final probe (the final probe set where "
                + "there is one, else the last probe during training), with ±1 standard deviation.",
                chart, drawn, csv);
    }

    // ---- gaps --------------------------------------------------------------------------------

    /** A gap curve: thin per-seed lines, the mean as points, each model's fit and its asymptote interval. */
    static Plot gap(GapAnalysis analysis) {
        GapCurve g = analysis.curve();
        String title = "Gap " + g.comparison().a() + " − " + g.comparison().b() + " at layer " + g.layer();
        XYChart chart = chart(title, "step", "R² gap");
        chart.getStyler().setYAxisDecimalPattern("0.00");
        StringBuilder csv = new StringBuilder(Csv.line("series", "step", "value"));
        double[] t = g.steps();
        double tFirst = t[0];
        double tLast = t[t.length - 1];
        double[] zeroX = {tFirst, tLast};
        XYSeries zero = chart.addSeries("zero", zeroX, new double[] {0, 0});
        style(zero, Color.GRAY, 1f, false);
        zero.setLineStyle(SeriesLines.DOT_DOT);
        for (int s = 0; s < g.seeds().length; s++) {
            line(chart, "seed " + g.seeds()[s], t, g.perSeed()[s], faded(Color.DARK_GRAY, 90), 1f, false);
            for (int i = 0; i < t.length; i++) {
                csv.append(Csv.line("seed " + g.seeds()[s], (long) t[i], g.perSeed()[s][i]));
            }
        }
        XYSeries mean = chart.addSeries("mean over " + g.seeds().length + " seed" + (g.seeds().length == 1 ? "" : "s"),
                t, g.mean());
        mean.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        mean.setMarker(SeriesMarkers.CIRCLE);
        mean.setMarkerColor(Color.BLACK);
        for (int i = 0; i < t.length; i++) {
            csv.append(Csv.line("mean", (long) t[i], g.mean()[i]));
        }
        double[] grid = new double[200];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = tFirst + (tLast - tFirst) * i / (grid.length - 1);
        }
        for (int m = 0; m < analysis.fits().size(); m++) {
            ModelFit fit = analysis.fits().get(m);
            Color c = color(m);
            if (fit.hasInterval()) {
                band(chart, fit.model() + " gap_inf 95% interval", zeroX,
                        new double[] {fit.bootstrap().lower(), fit.bootstrap().lower()},
                        new double[] {fit.bootstrap().upper(), fit.bootstrap().upper()}, faded(c, 45))
                        .setShowInLegend(true);
                csv.append(Csv.line(fit.model() + " gap_inf_ci_low", (long) tLast, fit.bootstrap().lower()));
                csv.append(Csv.line(fit.model() + " gap_inf_ci_high", (long) tLast, fit.bootstrap().upper()));
            }
            if (!fit.point().ok()) {
                continue;
            }
            double[] p = fit.point().params();
            double[] y = new double[grid.length];
            for (int i = 0; i < grid.length; i++) {
                y[i] = fit.curve().value(grid[i], p);
                csv.append(Csv.line(fit.model() + " fit", grid[i], y[i]));
            }
            line(chart, fit.model() + " fit (gap_inf " + Numbers.fixed(fit.asymptote(), 3) + ")", grid, y, c, 2.5f, true);
            XYSeries asymptote = chart.addSeries(fit.model() + " gap_inf", zeroX,
                    new double[] {fit.asymptote(), fit.asymptote()});
            style(asymptote, c, 1.5f, false);
            asymptote.setLineStyle(SeriesLines.DASH_DASH);
            csv.append(Csv.line(fit.model() + " gap_inf", (long) tLast, fit.asymptote()));
        }
        String caption = "Thin grey lines: each seed's gap R²(" + g.comparison().a() + ") − R²(" + g.comparison().b()
                + "); dots: their mean; coloured lines: each model fitted to the mean; dashed: its asymptote gap_inf; "
                + "shaded: the asymptote's 95 % bootstrap interval.";
        return plot("gap-" + safe(g.comparison().a()) + "-vs-" + safe(g.comparison().b()) + "-layer" + g.layer(), title,
                caption, chart, 1, csv);
    }

    /** Prefix cross-validation of a gap: RMSE (solid) and MAE (dashed) of each model against f. */
    static Plot crossValidation(GapAnalysis analysis) {
        GapCurve g = analysis.curve();
        String title = "Prefix cross-validation, " + g.comparison().a() + " − " + g.comparison().b() + " at layer " + g.layer();
        XYChart chart = chart(title, "fraction f of the mean gap fitted", "error predicting the rest");
        chart.getStyler().setYAxisDecimalPattern("0.000");
        StringBuilder csv = new StringBuilder(Csv.line("model", "f", "status", "fitted", "predicted", "rmse", "mae"));
        int drawn = 0;
        for (int m = 0; m < analysis.fits().size(); m++) {
            ModelFit fit = analysis.fits().get(m);
            List<double[]> ok = new ArrayList<>();
            for (PrefixCrossValidation.Fold f : fit.cv()) {
                csv.append(Csv.line(fit.model(), f.f(), f.status().name().toLowerCase(java.util.Locale.ROOT), f.fitted(),
                        f.predicted(), f.rmse(), f.mae()));
                if (f.status() == PrefixCrossValidation.Status.OK) {
                    ok.add(new double[] {f.f(), f.rmse(), f.mae()});
                }
            }
            if (ok.isEmpty()) {
                continue;
            }
            double[] x = ok.stream().mapToDouble(p -> p[0]).toArray();
            Color c = color(m);
            XYSeries rmse = chart.addSeries(fit.model() + " RMSE", x, ok.stream().mapToDouble(p -> p[1]).toArray());
            style(rmse, c, 2f, true);
            rmse.setMarker(SeriesMarkers.CIRCLE);
            rmse.setMarkerColor(c);
            XYSeries mae = chart.addSeries(fit.model() + " MAE", x, ok.stream().mapToDouble(p -> p[2]).toArray());
            style(mae, c, 1.5f, true);
            mae.setLineStyle(SeriesLines.DASH_DASH);
            mae.setMarker(SeriesMarkers.DIAMOND);
            mae.setMarkerColor(c);
            drawn++;
        }
        String caption = drawn == 0 ? "No prefix could be fitted and leave at least "
                + PrefixCrossValidation.MIN_PREDICTED + " points to predict."
                : "Each model fitted to the first fraction f of the mean gap and scored on the rest; lower is better.";
        return plot("cv-" + safe(g.comparison().a()) + "-vs-" + safe(g.comparison().b()) + "-layer" + g.layer(), title,
                caption, chart, drawn, csv);
    }

    // ---- drawing -----------------------------------------------------------------------------

    private static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        XYStyler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(new Color(0x999999));
        s.setPlotGridLinesColor(new Color(0xe6e6e6));
        s.setChartTitleBoxVisible(false);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setLegendBorderColor(Color.WHITE);
        s.setLegendPadding(8);
        s.setLegendSeriesLineLength(28);
        s.setMarkerSize(6);
        s.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setAntiAlias(true);
        return chart;
    }

    private static void line(XYChart chart, String name, double[] x, double[] y, Color c, float width, boolean legend) {
        XYSeries s = chart.addSeries(name, x, y);
        style(s, c, width, legend);
    }

    private static void style(XYSeries s, Color c, float width, boolean legend) {
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setLineColor(c);
        s.setLineWidth(width);
        s.setLineStyle(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        s.setMarker(SeriesMarkers.NONE);
        s.setShowInLegend(legend);
    }

    /** A filled band between {@code lo} and {@code hi} over {@code x}, as a closed polygon. */
    private static XYSeries band(XYChart chart, String name, double[] x, double[] lo, double[] hi, Color fill) {
        int n = x.length;
        double[] px = new double[2 * n];
        double[] py = new double[2 * n];
        for (int i = 0; i < n; i++) {
            px[i] = x[i];
            py[i] = hi[i];
            px[2 * n - 1 - i] = x[i];
            py[2 * n - 1 - i] = lo[i];
        }
        XYSeries s = chart.addSeries(name, px, py);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        s.setFillColor(fill);
        s.setLineColor(new Color(0, 0, 0, 0));
        s.setMarker(SeriesMarkers.NONE);
        s.setShowInLegend(false);
        return s;
    }

    private static Plot plot(String stem, String title, String caption, XYChart chart, int drawn, StringBuilder csv) {
        if (drawn == 0) {
            return new Plot(stem, title, caption, null, csv.toString());
        }
        int legendChars = 0;
        for (XYSeries series : chart.getSeriesMap().values()) {
            if (series.isShowInLegend()) {
                legendChars += series.getName().length() + 6;
            }
        }
        if (legendChars > LEGEND_ROW_CHARS) {
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
            chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        }
        try {
            return new Plot(stem, title, caption, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG),
                    csv.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("could not draw " + stem + ": " + e.getMessage(), e);
        }
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

    /** Key layers of the analyses, each once, in order. */
    static SortedSet<Integer> keyLayers(List<GapAnalysis> analyses) {
        SortedSet<Integer> out = new TreeSet<>();
        analyses.stream().filter(a -> a.curve().key()).forEach(a -> out.add(a.curve().layer()));
        return out;
    }
}
