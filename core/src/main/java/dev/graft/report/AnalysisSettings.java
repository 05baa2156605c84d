package dev.graft.report;

import dev.graft.plugin.PluginCatalog;
import dev.graft.spec.PluginRef;
import dev.graft.spec.Section;
import dev.graft.spi.FitModel;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How a report analyses a run: the spec's {@code analysis} section with its fit models created,
 * plus how many threads the bootstrap may use and, optionally, a key layer for compare entries
 * that name none.
 *
 * @param fits      fit models, by spec name
 * @param bootstrap bootstrap replicates per asymptote, ≥ 100
 * @param prefixes  prefix fractions for cross-validation, each in (0, 1)
 * @param seed      seed of the bootstrap's resampling
 * @param allLayers also fit the gap at every layer both conditions were probed at
 * @param probe     the probe whose R² the gaps compare ({@code ridge})
 * @param threads   bootstrap worker threads, ≥ 1
 * @param keyLayer  the key layer of compare entries without a layer, when given; otherwise the
 *                  last grafted layer of {@code a} (see {@link KeyLayers})
 * @param catalog   plugins, to ask a condition's graft strategy which layers it grafts; may be null
 */
public record AnalysisSettings(List<NamedFit> fits, int bootstrap, List<Double> prefixes, long seed, boolean allLayers,
                               String probe, int threads, OptionalInt keyLayer, PluginCatalog catalog,
                               List<Double> horizons, int horizonBootstrap, StudyAnalyses studies) {

    /** The study's bootstrap replicates per horizon of the horizon-stability analysis. */
    public static final int HORIZON_BOOTSTRAP = 300;

    /** Settings without horizon stability. */
    public AnalysisSettings(List<NamedFit> fits, int bootstrap, List<Double> prefixes, long seed, boolean allLayers,
                            String probe, int threads, OptionalInt keyLayer, PluginCatalog catalog) {
        this(fits, bootstrap, prefixes, seed, allLayers, probe, threads, keyLayer, catalog, List.of(), HORIZON_BOOTSTRAP);
    }

    /** Settings with the study's further analyses at their defaults ({@link StudyAnalyses#DEFAULT}). */
    public AnalysisSettings(List<NamedFit> fits, int bootstrap, List<Double> prefixes, long seed, boolean allLayers,
                            String probe, int threads, OptionalInt keyLayer, PluginCatalog catalog,
                            List<Double> horizons, int horizonBootstrap) {
        this(fits, bootstrap, prefixes, seed, allLayers, probe, threads, keyLayer, catalog, horizons, horizonBootstrap,
                StudyAnalyses.DEFAULT);
    }

    /** Fewest bootstrap replicates allowed (as in the spec schema). */
    public static final int MIN_BOOTSTRAP = 100;

    /** A fit model under the name the spec gave it. */
    public record NamedFit(String name, FitModel model) {
        public NamedFit {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(model, "model");
        }
    }

    public AnalysisSettings {
        fits = List.copyOf(fits);
        prefixes = List.copyOf(prefixes);
        horizons = List.copyOf(horizons);
        for (double h : horizons) {
            if (!(h > 0 && h <= 1)) {
                throw new IllegalArgumentException("horizon fractions must lie in (0, 1], got " + h);
            }
        }
        if (horizonBootstrap < 1) {
            throw new IllegalArgumentException("horizon_bootstrap must be at least 1, got " + horizonBootstrap);
        }
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(studies, "studies");
        Objects.requireNonNull(keyLayer, "keyLayer");
        if (bootstrap < MIN_BOOTSTRAP) {
            throw new IllegalArgumentException("bootstrap must be at least " + MIN_BOOTSTRAP + ", got " + bootstrap);
        }
        for (double f : prefixes) {
            if (!(f > 0 && f < 1)) {
                throw new IllegalArgumentException("prefix fractions must lie in (0, 1), got " + f);
            }
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    /**
     * The settings of a validated {@code analysis} section (from the spec, or read back from a run's
     * spec.resolved.yaml), with its fit models created from the catalog; every core used.
     */
    @SuppressWarnings("unchecked")
    public static AnalysisSettings from(Section analysis, PluginCatalog catalog) {
        List<NamedFit> fits = new ArrayList<>();
        for (PluginRef ref : analysis.plugins("fits")) {
            PluginFactory<?> factory = catalog.find(PluginKind.FIT_MODEL, ref.name()).orElseThrow(() ->
                    new IllegalArgumentException("fit model '" + ref.name() + "' is not installed"));
            fits.add(new NamedFit(ref.name(), ((PluginFactory<FitModel>) factory).create(ref.options())));
        }
        List<Double> prefixes = ((List<?>) analysis.get("prefixes")).stream().map(v -> ((Number) v).doubleValue()).toList();
        List<Double> horizons = analysis.has("horizons")
                ? ((List<?>) analysis.get("horizons")).stream().map(v -> ((Number) v).doubleValue()).toList() : List.of();
        int horizonBootstrap = analysis.has("horizon_bootstrap") ? analysis.integer("horizon_bootstrap") : HORIZON_BOOTSTRAP;
        return new AnalysisSettings(fits, analysis.integer("bootstrap"), prefixes, analysis.longInteger("seed"),
                analysis.string("layers").equals("all"), analysis.string("probe"),
                Runtime.getRuntime().availableProcessors(), OptionalInt.empty(), catalog, horizons, horizonBootstrap,
                StudyAnalyses.from(analysis));
    }

    public AnalysisSettings withStudies(StudyAnalyses other) {
        return new AnalysisSettings(fits, bootstrap, prefixes, seed, allLayers, probe, threads, keyLayer, catalog, horizons,
                horizonBootstrap, other);
    }

    public AnalysisSettings withThreads(int count) {
        return new AnalysisSettings(fits, bootstrap, prefixes, seed, allLayers, probe, count, keyLayer, catalog, horizons,
                horizonBootstrap, studies);
    }

    public AnalysisSettings withKeyLayer(int layer) {
        return new AnalysisSettings(fits, bootstrap, prefixes, seed, allLayers, probe, threads, OptionalInt.of(layer), catalog,
                horizons, horizonBootstrap, studies);
    }
}
