package dev.graft.report;

import dev.graft.fit.HorizonStability;
import dev.graft.report.SeriesSet.Axes;
import dev.graft.report.SeriesSet.Dash;
import dev.graft.report.SeriesSet.Marker;
import dev.graft.report.SeriesSet.Series;
import dev.graft.report.SeriesSet.Shape;
import dev.graft.report.SeriesSet.Style;
import dev.graft.report.SeriesSet.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The plots of the study's further analyses: the α sweep and the horizon stability of each gap's asymptote. */
final class StudyPlots {
    private StudyPlots() {
    }

    /** R² against log10 α at one layer, the mean over seeds per condition, the probe's own α marked. */
    static SeriesSet alphaSweep(AlphaSweep.Result r, List<String> conditions, int layer) {
        List<Series> series = new ArrayList<>();
        double[] x = new double[r.alphas().length];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.log10(r.alphas()[i]);
        }
        double probeAlpha = Double.NaN;
        for (int ci = 0; ci < conditions.size(); ci++) {
            double[] mean = r.mean(conditions.get(ci), layer);
            if (mean.length == 0) {
                continue;
            }
            series.add(Series.line(conditions.get(ci), "mean", conditions.get(ci), x, mean, Style.line(ci, 2f)));
        }
        for (AlphaSweep.Curve c : r.curves()) {
            probeAlpha = c.layer() == layer ? c.probeAlpha() : probeAlpha;
        }
        String caption = "Each condition's final probe at layer " + layer + " refitted on its own data at " + x.length
                + " values of α (log-spaced), held-out R², mean over seeds"
                + (Double.isNaN(probeAlpha) ? "." : "; the probe's own α is log10 α = " + Numbers.fixed(Math.log10(probeAlpha), 1) + ".");
        return new SeriesSet("alpha-sweep-layer" + layer, "Final probe R² against ridge α at layer " + layer, "log10 α",
                "held-out R²", Axes.of("0.00").xPattern("0"), Table.CURVES, caption, series);
    }

    /** Each model's asymptote and its interval from fits to the first fraction f of the gap's steps. */
    static SeriesSet horizons(GapAnalysis a) {
        GapCurve g = a.curve();
        List<Series> series = new ArrayList<>();
        series.add(Series.line("zero", "guide", "zero", new double[] {0, 1}, new double[] {0, 0},
                Style.line(Style.GREY, 1f).dashed(Dash.DOT).unlisted().as(Shape.GUIDE)));
        for (int m = 0; m < a.fits().size(); m++) {
            ModelFit fit = a.fits().get(m);
            List<HorizonStability.Horizon> hs = fit.horizons();
            int n = hs.size();
            double[] f = new double[n];
            double[] y = new double[n];
            double[] lo = new double[n];
            double[] hi = new double[n];
            String[] status = new String[n];
            for (int i = 0; i < n; i++) {
                HorizonStability.Horizon h = hs.get(i);
                f[i] = h.f();
                boolean has = !h.skipped() && h.fit().ok();
                y[i] = has ? h.fit().param(fit.curve().asymptoteIndex()) : Double.NaN;
                lo[i] = h.bootstrap() == null ? Double.NaN : h.bootstrap().lower();
                hi[i] = h.bootstrap() == null ? Double.NaN : h.bootstrap().upper();
                status[i] = h.skipped() ? "skipped" : h.check().status().label();
            }
            series.add(new Series(fit.model(), "gap_inf", fit.model(), f, y, lo, hi, Map.of(), status,
                    Style.line(m, 2f).marked(Marker.CIRCLE)));
        }
        String caption = "Each model fitted again to the first fraction f of the gap's probe steps: its asymptote gap_inf"
                + " (line) and 95 % bootstrap interval (shaded). Only horizons whose fit describes its prefix (status ok)"
                + " are drawn; the CSV and the table list every one. An asymptote that keeps moving with f is not pinned"
                + " down by the run.";
        return new SeriesSet("horizons-" + Plots.safe(g.comparison().a() + "-vs-" + g.comparison().b()) + "-layer" + g.layer(),
                "Asymptote by horizon: " + g.comparison().a() + " − " + g.comparison().b() + " at layer " + g.layer(),
                "fraction f of the probe steps", "gap_inf", Axes.of("0.000").xPattern("0.0"), Table.CURVES, caption, series);
    }
}
