package dev.graft.fit;

/**
 * The direction of a curve: the ordinary least-squares line through its points, and whether its slope
 * is told apart from 0 ({@code |slope / standard error| ≥} {@value #T_CRITICAL}, about a two-sided 5 %
 * test). A curve whose slope cannot be told apart from 0 is {@link Direction#FLAT}: nothing in it
 * rises or falls beyond its scatter.
 *
 * @param slope     the fitted line's slope (value per step)
 * @param se        its standard error, {@code sqrt(SSE / (n − 2) / Σ(t − t̄)²)} (NaN for n ≤ 2)
 * @param first     the curve's first value
 * @param last      its last value
 * @param direction rising, falling or flat
 */
public record Trend(double slope, double se, double first, double last, Direction direction) {

    /** The t statistic above which a slope counts as told apart from 0. */
    public static final double T_CRITICAL = 2.0;

    /** Where a curve goes over its steps. */
    public enum Direction { RISING, FALLING, FLAT }

    /** The trend of points {@code (t, y)}; at least 2. */
    public static Trend of(double[] t, double[] y) {
        int n = t.length;
        if (n != y.length || n < 2) {
            throw new IllegalArgumentException("a trend needs at least 2 points with one value each");
        }
        double tm = 0;
        double ym = 0;
        for (int i = 0; i < n; i++) {
            tm += t[i];
            ym += y[i];
        }
        tm /= n;
        ym /= n;
        double stt = 0;
        double sty = 0;
        for (int i = 0; i < n; i++) {
            stt += (t[i] - tm) * (t[i] - tm);
            sty += (t[i] - tm) * (y[i] - ym);
        }
        double slope = stt > 0 ? sty / stt : 0;
        double sse = 0;
        for (int i = 0; i < n; i++) {
            double r = y[i] - ym - slope * (t[i] - tm);
            sse += r * r;
        }
        double se = n > 2 && stt > 0 ? Math.sqrt(sse / (n - 2) / stt) : Double.NaN;
        Direction d;
        if (n <= 2 || !(se >= 0)) {
            d = Direction.FLAT;
        } else if (se == 0) {
            d = slope > 0 ? Direction.RISING : slope < 0 ? Direction.FALLING : Direction.FLAT;
        } else if (slope / se >= T_CRITICAL) {
            d = Direction.RISING;
        } else if (slope / se <= -T_CRITICAL) {
            d = Direction.FALLING;
        } else {
            d = Direction.FLAT;
        }
        return new Trend(slope, se, y[0], y[n - 1], d);
    }

    /** The slope's t statistic (NaN when it has no standard error). */
    public double tStatistic() {
        return se > 0 ? slope / se : Double.NaN;
    }
}
