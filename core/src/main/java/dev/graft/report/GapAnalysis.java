package dev.graft.report;

import dev.graft.fit.AsymptoteBootstrap;
import dev.graft.fit.AutocorrelationDiagnostic;
import dev.graft.fit.CurveFitter;
import dev.graft.fit.FitCheck;
import dev.graft.fit.HorizonStability;
import dev.graft.fit.FitResult;
import dev.graft.fit.PrefixCrossValidation;
import dev.graft.spi.FitModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A gap curve with every configured model fitted, bootstrapped and cross-validated. */
public record GapAnalysis(GapCurve curve, List<ModelFit> fits) {
    private static final Logger LOG = LoggerFactory.getLogger(GapAnalysis.class);

    public GapAnalysis {
        fits = List.copyOf(fits);
    }

    /**
     * Fits each model to the seed-mean curve, bootstraps its asymptote from the per-seed curves
     * (when the mean fit succeeded) and cross-validates it on prefixes of the mean curve.
     */
    public static GapAnalysis of(GapCurve curve, AnalysisSettings settings, CurveFitter fitter) {
        List<ModelFit> fits = new ArrayList<>();
        for (AnalysisSettings.NamedFit named : settings.fits()) {
            FitModel model = named.model();
            FitModel.Bounds bounds = model.bounds(curve.steps(), curve.mean());
            FitResult point = fitter.fit(model, curve.steps(), curve.mean());
            AsymptoteBootstrap.Result bootstrap = point.ok()
                    ? AsymptoteBootstrap.run(model, fitter, curve.steps(), curve.perSeed(), settings.bootstrap(),
                    settings.seed(), settings.threads())
                    : null;
            List<PrefixCrossValidation.Fold> cv = PrefixCrossValidation.run(model, fitter, curve.steps(), curve.mean(),
                    settings.prefixes());
            FitCheck check = FitCheck.of(model, bounds, curve.steps(), curve.mean(), point, bootstrap);
            List<HorizonStability.Horizon> horizons = HorizonStability.run(model, fitter, curve.steps(), curve.mean(),
                    curve.perSeed(), settings.horizons(), settings.horizonBootstrap(), settings.seed(), settings.threads());
            StudyAnalyses studies = settings.studies();
            AutocorrelationDiagnostic autocorrelation = point.ok() && curve.steps().length >= 3
                    ? AutocorrelationDiagnostic.of(model, fitter, point, curve.steps(), curve.perSeed(),
                    studies.permutations(), studies.blockLength(), settings.bootstrap(), settings.seed(), settings.threads())
                    : null;
            ModelFit fit = new ModelFit(named.name(), model, bounds, point, bootstrap, cv, check, horizons, autocorrelation);
            fits.add(fit);
            if (point.ok()) {
                LOG.info("{} at layer {}: {} gap_inf {} [{}, {}] ({} replicates, {} failed fits), {}{}",
                        curve.comparison().label(), curve.layer(), named.name(), Numbers.fixed(fit.asymptote(), 3),
                        Numbers.fixed(bootstrap.lower(), 3), Numbers.fixed(bootstrap.upper(), 3), settings.bootstrap(),
                        bootstrap.fallbacks(), check.status().label(),
                        check.ok() ? "" : ": " + String.join("; ", check.reasons()));
                if (autocorrelation != null && autocorrelation.block() != null) {
                    LOG.info("  block bootstrap (block length {}{}): gap_inf [{}, {}]", autocorrelation.blockLength(),
                            autocorrelation.fromAcf() ? ", from the ACF" : "", Numbers.fixed(autocorrelation.block().lower(), 3),
                            Numbers.fixed(autocorrelation.block().upper(), 3));
                }
            } else {
                LOG.info("{} at layer {}: {} fit failed: {}", curve.comparison().label(), curve.layer(), named.name(),
                        point.message());
            }
        }
        return new GapAnalysis(curve, fits);
    }

    /** The model with the lowest BIC among successful fits. */
    public Optional<ModelFit> bestByBic() {
        ModelFit best = null;
        for (ModelFit f : fits) {
            if (f.point().ok() && !Double.isNaN(f.point().bic()) && (best == null || f.point().bic() < best.point().bic())) {
                best = f;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Whether every model with an interval overlaps every other (for intervals: a common point). */
    public boolean allAgree() {
        for (ModelFit a : fits) {
            for (ModelFit b : fits) {
                if (a != b && a.hasInterval() && b.hasInterval() && !a.agreesWith(b)) {
                    return false;
                }
            }
        }
        return true;
    }
}
