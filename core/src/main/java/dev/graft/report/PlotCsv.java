package dev.graft.report;

import dev.graft.report.SeriesSet.Series;
import dev.graft.report.SeriesSet.Shape;

/**
 * A plot's series written as the CSV beside its PNG: the numbers drawn, with the per-point columns the
 * series carry (seed counts, standard deviations, fold sizes), one layout per kind of plot.
 */
final class PlotCsv {
    private PlotCsv() {
    }

    static String write(SeriesSet set) {
        StringBuilder csv = new StringBuilder();
        switch (set.table()) {
            case SPREAD -> spread(set, csv);
            case PER_SEED -> perSeed(set, csv);
            case BY_LAYER -> byLayer(set, csv);
            case LONG -> longForm(set, csv);
            case FOLDS -> folds(set, csv);
            case CURVES -> curves(set, csv);
        }
        return csv.toString();
    }

    /** condition,step,mean,min,max,seeds: the mean line, its band and the number of seeds at each step. */
    private static void spread(SeriesSet set, StringBuilder csv) {
        csv.append(Csv.line("condition", "step", "mean", "min", "max", "seeds"));
        for (Series s : set.series()) {
            double[] seeds = s.column("seeds");
            for (int i = 0; i < s.x().length; i++) {
                csv.append(Csv.line(s.key(), (long) s.x()[i], s.y()[i], s.lo()[i], s.hi()[i], (long) seeds[i]));
            }
        }
    }

    /** condition,seed,step,r2: each seed's and the mean's points; a reference level once, with no step. */
    private static void perSeed(SeriesSet set, StringBuilder csv) {
        csv.append(Csv.line("condition", "seed", "step", "r2"));
        for (Series s : set.series()) {
            if (s.style().shape() == Shape.REFERENCE) {
                csv.append(Csv.line(s.key(), s.tag(), "", s.y()[0]));
                continue;
            }
            for (int i = 0; i < s.x().length; i++) {
                csv.append(Csv.line(s.key(), s.tag(), (long) s.x()[i], s.y()[i]));
            }
        }
    }

    /** condition,layer,mean,sd,min,max,seeds. */
    private static void byLayer(SeriesSet set, StringBuilder csv) {
        csv.append(Csv.line("condition", "layer", "mean", "sd", "min", "max", "seeds"));
        for (Series s : set.series()) {
            for (int i = 0; i < s.x().length; i++) {
                csv.append(Csv.line(s.key(), (long) s.x()[i], s.y()[i], s.column("sd")[i], s.column("min")[i],
                        s.column("max")[i], (long) s.column("seeds")[i]));
            }
        }
    }

    /**
     * series,step,value: every point of every series; a reference level once at its last step, a band as
     * its two bounds ({@code _ci_low}, {@code _ci_high}) at its last step; guides are not data.
     */
    private static void longForm(SeriesSet set, StringBuilder csv) {
        csv.append(Csv.line("series", "step", "value"));
        for (Series s : set.series()) {
            int last = s.x().length - 1;
            switch (s.style().shape()) {
                case GUIDE -> {
                }
                case BAND -> {
                    csv.append(Csv.line(s.key() + "_ci_low", s.x()[last], s.lo()[last]));
                    csv.append(Csv.line(s.key() + "_ci_high", s.x()[last], s.hi()[last]));
                }
                case REFERENCE -> csv.append(Csv.line(s.key(), s.x()[last], s.y()[last]));
                default -> {
                    for (int i = 0; i <= last; i++) {
                        csv.append(Csv.line(s.key(), s.x()[i], s.y()[i]));
                    }
                }
            }
        }
    }

    /** model,f,status,fitted,predicted,rmse,mae: one row per fold from a model's RMSE and MAE series. */
    private static void folds(SeriesSet set, StringBuilder csv) {
        csv.append(Csv.line("model", "f", "status", "fitted", "predicted", "rmse", "mae"));
        for (Series rmse : set.series()) {
            if (!rmse.tag().equals("rmse")) {
                continue;
            }
            Series mae = set.series().stream().filter(s -> s.key().equals(rmse.key()) && s.tag().equals("mae"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no MAE series for " + rmse.key()));
            for (int i = 0; i < rmse.x().length; i++) {
                csv.append(Csv.line(rmse.key(), rmse.x()[i], rmse.status()[i], (long) rmse.column("fitted")[i],
                        (long) rmse.column("predicted")[i], rmse.y()[i], mae.y()[i]));
            }
        }
    }

    /** series,tag,x,y,lo,hi: every drawn point of every data series, its interval where it has one (else empty). */
    private static void curves(SeriesSet set, StringBuilder csv) {
        csv.append(Csv.line("series", "tag", "x", "y", "lo", "hi"));
        for (Series s : set.series()) {
            if (s.style().shape() == SeriesSet.Shape.GUIDE) {
                continue;
            }
            for (int i = 0; i < s.x().length; i++) {
                csv.append(Csv.line(s.key(), s.tag(), s.x()[i], s.y() == null ? "" : s.y()[i],
                        s.lo() == null ? "" : s.lo()[i], s.hi() == null ? "" : s.hi()[i]));
            }
        }
    }
}
