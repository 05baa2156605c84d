package dev.graft.report;

import dev.graft.report.SeriesSet.Series;
import dev.graft.report.SeriesSet.Shape;
import dev.graft.report.SeriesSet.Style;
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

/**
 * Draws a {@link SeriesSet} with XChart into a PNG of a fixed size (no timestamps, so the same series
 * give the same bytes). All styling lives here: fonts, palette, strokes, bands, legend placement.
 */
final class ChartRenderer {
    static final int WIDTH = 960;
    static final int HEIGHT = 560;

    /** A legend whose labels add up to more characters than this goes to the right, one entry a line. */
    private static final int LEGEND_ROW_CHARS = 120;

    /** Alpha of the band drawn under a line that has lo/hi. */
    private static final int SPREAD_ALPHA = 60;

    /** tab10: distinguishable, and readable by most colour-blind readers. */
    private static final Color[] PALETTE = {
            new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
            new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ChartRenderer() {
    }

    /** The PNG bytes, or null when no series has a point to draw (the report then shows only the caption). */
    static byte[] png(SeriesSet set) {
        if (set.series().stream().noneMatch(Series::hasDrawnPoints)) {
            return null;
        }
        XYChart chart = chart(set);
        for (Series s : set.series()) {
            if (s.style().shape() == Shape.GUIDE || s.hasDrawnPoints()) {
                add(chart, s);
            }
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
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not draw " + set.stem() + ": " + e.getMessage(), e);
        }
    }

    static Color color(int i) {
        return switch (i) {
            case Style.GREY -> Color.GRAY;
            case Style.DARK_GREY -> Color.DARK_GRAY;
            case Style.BLACK -> Color.BLACK;
            default -> PALETTE[Math.floorMod(i, PALETTE.length)];
        };
    }

    private static Color faded(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    private static void add(XYChart chart, Series s) {
        Style st = s.style();
        Color c = color(st.color());
        double[] x = drawn(s, s.x());
        switch (st.shape()) {
            case BAND -> band(chart, s.label(), x, drawn(s, s.lo()), drawn(s, s.hi()), faded(c, st.alpha()))
                    .setShowInLegend(st.legend());
            case SCATTER -> {
                XYSeries xs = chart.addSeries(s.label(), x, drawn(s, s.y()));
                xs.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                marker(xs, st, c);
                xs.setShowInLegend(st.legend());
            }
            case ERROR_BARS -> {
                double[] err = drawn(s, s.column("sd")).clone();
                for (int i = 0; i < err.length; i++) {
                    err[i] = Double.isNaN(err[i]) ? 0 : err[i];
                }
                XYSeries xs = chart.addSeries(s.label(), x, drawn(s, s.y()), err);
                xs.setLineColor(c);
                marker(xs, st, c);
                xs.setLineWidth(st.width());
            }
            default -> {
                if (s.lo() != null) {
                    band(chart, s.label() + " seed range", x, drawn(s, s.lo()), drawn(s, s.hi()), faded(c, SPREAD_ALPHA));
                }
                XYSeries xs = chart.addSeries(s.label(), x, drawn(s, s.y()));
                xs.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                xs.setLineColor(st.alpha() == 255 ? c : faded(c, st.alpha()));
                xs.setLineWidth(st.width());
                xs.setLineStyle(stroke(st));
                xs.setMarker(SeriesMarkers.NONE);
                marker(xs, st, c);
                xs.setShowInLegend(st.legend());
            }
        }
    }

    private static BasicStroke stroke(Style st) {
        return switch (st.dash()) {
            case SOLID -> new BasicStroke(st.width(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
            case DASH -> SeriesLines.DASH_DASH;
            case DOT -> SeriesLines.DOT_DOT;
            case LONG_DASH -> new BasicStroke(st.width(), BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {8f, 6f}, 0f);
        };
    }

    private static void marker(XYSeries xs, Style st, Color c) {
        switch (st.marker()) {
            case NONE -> {
            }
            case CIRCLE -> {
                xs.setMarker(SeriesMarkers.CIRCLE);
                xs.setMarkerColor(c);
            }
            case DIAMOND -> {
                xs.setMarker(SeriesMarkers.DIAMOND);
                xs.setMarkerColor(c);
            }
        }
    }

    /** The values at the points drawn (those whose status is "ok", or all when there is no status). */
    private static double[] drawn(Series s, double[] values) {
        if (s.status() == null) {
            return values;
        }
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            n += s.drawn(i) ? 1 : 0;
        }
        double[] out = new double[n];
        for (int i = 0, j = 0; i < values.length; i++) {
            if (s.drawn(i)) {
                out[j++] = values[i];
            }
        }
        return out;
    }

    private static XYChart chart(SeriesSet set) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(set.title()).xAxisTitle(set.xTitle())
                .yAxisTitle(set.yTitle()).build();
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
        SeriesSet.Axes axes = set.axes();
        if (!Double.isNaN(axes.xMin())) {
            s.setXAxisMin(axes.xMin());
        }
        if (axes.xTickSpacing() > 0) {
            s.setXAxisTickMarkSpacingHint(axes.xTickSpacing());
        }
        if (axes.xPattern() != null) {
            s.setXAxisDecimalPattern(axes.xPattern());
        }
        if (axes.yPattern() != null) {
            s.setYAxisDecimalPattern(axes.yPattern());
        }
        if (set.series().stream().anyMatch(x -> x.style().shape() == Shape.ERROR_BARS)) {
            s.setErrorBarsColorSeriesColor(true);
        }
        return chart;
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
}
