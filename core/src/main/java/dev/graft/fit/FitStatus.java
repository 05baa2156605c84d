package dev.graft.fit;

import java.util.Locale;

/**
 * Whether a fitted curve may be read: {@link #OK} only when it converged, describes the shape of its
 * points, leaves no parameter on a bound, leaves residuals of no systematic sign and its bootstrap
 * rarely failed. Every other status says why its asymptote must not be read as a conclusion.
 */
public enum FitStatus {
    /** Describes the points; its asymptote and interval may be read. */
    OK,
    /** No start converged; there are no parameters. */
    FAILED,
    /** The points rise where the curve can only fall (or the other way round). */
    WRONG_SHAPE,
    /** The points show no trend: there is no decay to extrapolate. */
    NO_TREND,
    /** A parameter sits on a bound: the best curve within the bounds is not the curve the points ask for. */
    ON_BOUND,
    /** Long stretches of residuals of one sign: the curve misses the points' shape. */
    SYSTEMATIC_RESIDUALS,
    /** More than the allowed share of bootstrap replicates did not fit. */
    BOOTSTRAP_FAILURES;

    /** The name in fits.json, e.g. {@code on-bound}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
