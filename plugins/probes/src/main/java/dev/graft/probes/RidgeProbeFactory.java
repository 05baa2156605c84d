package dev.graft.probes;

import dev.graft.spi.InvalidOptionsException;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;
import dev.graft.spi.Probe;

import java.util.List;

/** The {@code ridge} probe: closed-form ridge regression, scored by held-out R² (see {@link RidgeProbe}). */
public final class RidgeProbeFactory implements PluginFactory<Probe> {
    public static final String ALPHA = "alpha";
    public static final String INTERCEPT = "intercept";
    public static final String STANDARDIZE = "standardize";
    public static final String HELDOUT = "heldout";
    public static final String ALPHAS = "alphas";
    public static final String FOLDS = "folds";

    @Override
    public PluginKind kind() {
        return PluginKind.PROBE;
    }

    @Override
    public String name() {
        return "ridge";
    }

    @Override
    public String description() {
        return "ridge regression from activations to targets; R² on held-out rows, averaged over outputs"
                + " (scikit-learn's Ridge(alpha).score)";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.numberAbove(ALPHA, 1.0, 0, "regularisation strength α of (XᵀX + αI)w = Xᵀy"),
                OptionSpec.bool(INTERCEPT, true, "fit an unpenalised intercept (centre X and y on the training rows)"),
                OptionSpec.bool(STANDARDIZE, false, "scale each feature to unit variance on the training rows first"),
                OptionSpec.numberStrictlyBetween(HELDOUT, 0.2, 0, 1,
                        "fraction of the probe set held out for scoring (one fixed mask for every layer)"),
                OptionSpec.numbersAbove(ALPHAS, List.of(), 0.0,
                        "candidate α values: when given, α is chosen by cross-validation on the training rows"),
                OptionSpec.integer(FOLDS, 5, 2, null, "cross-validation folds when alphas are given"));
    }

    @Override
    public Probe create(Options options) {
        List<Double> alphas = options.getDoubleList(ALPHAS);
        if (alphas.stream().distinct().count() != alphas.size()) {
            throw new InvalidOptionsException(ALPHAS, "alphas lists a value twice (" + alphas + "); list each once");
        }
        return new RidgeProbe(options.getDouble(ALPHA), options.getBoolean(INTERCEPT), options.getBoolean(STANDARDIZE),
                options.getDouble(HELDOUT), alphas, options.getInt(FOLDS));
    }
}
