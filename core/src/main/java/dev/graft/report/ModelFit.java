package dev.graft.report;

import dev.graft.fit.AsymptoteBootstrap;
import dev.graft.fit.AutocorrelationDiagnostic;
import dev.graft.fit.FitCheck;
import dev.graft.fit.HorizonStability;
import dev.graft.fit.FitResult;
import dev.graft.fit.PrefixCrossValidation;
import dev.graft.spi.FitModel;

import java.util.List;

/**
 * One fit model on one gap curve: the fit to the seed-mean curve (the point estimate), the
 * bootstrap of its asymptote (null when the point fit failed), the prefix cross-validation, and
 * whether the fit describes its curve at all ({@link FitCheck}: only an OK fit's asymptote may be read), and
 * the autocorrelation diagnostic of its residuals with the block bootstrap when it was run (null when
 * the point fit failed or the curve has under 3 points).
 */
public record ModelFit(String model, FitModel curve, FitModel.Bounds bounds, FitResult point,
                       AsymptoteBootstrap.Result bootstrap, List<PrefixCrossValidation.Fold> cv, FitCheck check,
                       List<HorizonStability.Horizon> horizons, AutocorrelationDiagnostic autocorrelation) {

    /** A fit without the autocorrelation diagnostic. */
    public ModelFit(String model, FitModel curve, FitModel.Bounds bounds, FitResult point,
                    AsymptoteBootstrap.Result bootstrap, List<PrefixCrossValidation.Fold> cv, FitCheck check,
                    List<HorizonStability.Horizon> horizons) {
        this(model, curve, bounds, point, bootstrap, cv, check, horizons, null);
    }

    public ModelFit {
        cv = List.copyOf(cv);
        horizons = List.copyOf(horizons);
        java.util.Objects.requireNonNull(check, "check");
    }

    /** Whether this fit describes its curve, so that its asymptote and interval may be read. */
    public boolean describes() {
        return check.ok();
    }

    /** The point estimate of the asymptote, NaN when the fit failed. */
    public double asymptote() {
        return point.ok() ? point.param(curve.asymptoteIndex()) : Double.NaN;
    }

    /**
     * The interval a conclusion is read from: the block bootstrap's when it ran (the diagnostic said the
     * plain interval is too narrow, or the spec set a block length), else the plain bootstrap's; null
     * when there is none.
     */
    public AsymptoteBootstrap.Result verdictInterval() {
        return blockUsed() ? autocorrelation.block() : bootstrap;
    }

    /** Whether {@link #verdictInterval()} is the block bootstrap's. */
    public boolean blockUsed() {
        return bootstrap != null && autocorrelation != null && autocorrelation.block() != null;
    }

    public boolean hasInterval() {
        return bootstrap != null;
    }

    /** Whether this model's 95 % interval overlaps {@code other}'s (both must have one). */
    public boolean agreesWith(ModelFit other) {
        return hasInterval() && other.hasInterval()
                && Math.max(bootstrap.lower(), other.bootstrap.lower()) <= Math.min(bootstrap.upper(), other.bootstrap.upper());
    }
}
