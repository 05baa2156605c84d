package dev.graft.report;

import java.util.List;
import java.util.Map;

/**
 * One plot's data, computed once and both drawn ({@link ChartRenderer}) and written as CSV
 * ({@link PlotCsv}): its file stem in plots/, title, axis titles and hints, caption, the CSV layout and
 * the series in drawing order.
 */
record SeriesSet(String stem, String title, String xTitle, String yTitle, Axes axes, Table table, String caption,
                 List<Series> series) {

    /** How the series become CSV rows: one layout per kind of plot, so that each CSV keeps its columns. */
    enum Table {
        /** condition,step,mean,min,max,seeds: a mean line with its band over seeds. */
        SPREAD,
        /** condition,seed,step,r2: each seed's line, the mean line and reference levels. */
        PER_SEED,
        /** condition,layer,mean,sd,min,max,seeds: points with error bars. */
        BY_LAYER,
        /** series,step,value: every drawn point under its series name. */
        LONG,
        /** model,f,status,fitted,predicted,rmse,mae: one row per fold, drawn or not. */
        FOLDS,
        /** series,tag,x,y,lo,hi: curves over an x that is not a step (α, a horizon fraction). */
        CURVES
    }

    /** Axis hints: x starts at {@code xMin} (NaN: automatic), a tick spacing hint (0: none), number patterns. */
    record Axes(double xMin, int xTickSpacing, String xPattern, String yPattern) {
        static Axes of(String yPattern) {
            return new Axes(Double.NaN, 0, null, yPattern);
        }

        Axes fromZero() {
            return new Axes(0.0, xTickSpacing, xPattern, yPattern);
        }

        Axes tickSpacing(int hint) {
            return new Axes(xMin, hint, xPattern, yPattern);
        }

        Axes xPattern(String pattern) {
            return new Axes(xMin, xTickSpacing, pattern, yPattern);
        }
    }

    /** How a series is drawn: shape, palette colour (or a neutral one), width, line and marker, alpha. */
    record Style(Shape shape, int color, float width, Dash dash, Marker marker, int alpha, boolean legend) {
        /** Neutral colours, outside the palette. */
        static final int GREY = -1;
        static final int DARK_GREY = -2;
        static final int BLACK = -3;

        static Style line(int color, float width) {
            return new Style(Shape.LINE, color, width, Dash.SOLID, Marker.NONE, 255, true);
        }

        Style dashed(Dash d) {
            return new Style(shape, color, width, d, marker, alpha, legend);
        }

        Style marked(Marker m) {
            return new Style(shape, color, width, dash, m, alpha, legend);
        }

        Style faded(int a) {
            return new Style(shape, color, width, dash, marker, a, legend);
        }

        Style unlisted() {
            return new Style(shape, color, width, dash, marker, alpha, false);
        }

        Style as(Shape s) {
            return new Style(s, color, width, dash, marker, alpha, legend);
        }
    }

    enum Shape {
        /** A line through y; with lo/hi, a faded band under it first. */
        LINE,
        /** Only a filled band from lo to hi. */
        BAND,
        /** Markers at y, no line. */
        SCATTER,
        /** A line with markers and error bars of the {@code sd} column. */
        ERROR_BARS,
        /** A horizontal reference level (y is constant over x). */
        REFERENCE,
        /** A drawn guide (such as the zero line) that is not data: never in the CSV. */
        GUIDE
    }

    enum Dash { SOLID, DASH, LONG_DASH, DOT }

    enum Marker { NONE, CIRCLE, DIAMOND }

    /**
     * One series: {@code key} names it in the CSV (a condition, a model, a series name), {@code tag} tells
     * series under one key apart (a seed, "mean", "rmse"), {@code label} is its legend entry. {@code lo}/{@code hi}
     * (or null) bound a band; {@code columns} are further per-point numbers the CSV lists; {@code status}
     * (or null) a per-point status: a point whose status is not "ok" is listed but not drawn.
     */
    record Series(String key, String tag, String label, double[] x, double[] y, double[] lo, double[] hi,
                  Map<String, double[]> columns, String[] status, Style style) {

        static Series line(String key, String tag, String label, double[] x, double[] y, Style style) {
            return new Series(key, tag, label, x, y, null, null, Map.of(), null, style);
        }

        double[] column(String name) {
            double[] c = columns.get(name);
            if (c == null) {
                throw new IllegalStateException("series " + label + " has no column " + name);
            }
            return c;
        }

        boolean drawn(int i) {
            return status == null || "ok".equals(status[i]);
        }

        /** Whether anything of this series shows as data on the chart (guides and unlisted points aside). */
        boolean hasDrawnPoints() {
            if (style.shape() == Shape.GUIDE) {
                return false;
            }
            for (int i = 0; i < x.length; i++) {
                if (drawn(i)) {
                    return true;
                }
            }
            return false;
        }
    }
}
