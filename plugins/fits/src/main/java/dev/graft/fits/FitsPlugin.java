package dev.graft.fits;

import dev.graft.spi.GraftPlugin;
import dev.graft.spi.PluginFactory;

import java.util.List;

/**
 * Contributes the fit models of this module: {@code exponential-offset}, {@code power-law-offset},
 * {@code double-exponential} and {@code double-power-law} (docs/fits.md).
 */
public final class FitsPlugin implements GraftPlugin {

    @Override
    public List<PluginFactory<?>> factories() {
        return List.of(
                new FitModelFactory(ExponentialOffset.NAME, "gap_inf + A·exp(−t/tau)", ExponentialOffset::new),
                new FitModelFactory(PowerLawOffset.NAME, "gap_inf + A·(t + t0)^(−alpha)", PowerLawOffset::new),
                new FitModelFactory(DoubleExponential.NAME, "gap_inf + A1·exp(−t/tau1) + A2·exp(−t/tau2), tau1 ≤ tau2",
                        DoubleExponential::new),
                new FitModelFactory(DoublePowerLaw.NAME,
                        "gap_inf + A1·(t + t0)^(−alpha1) + A2·(t + t0)^(−alpha2), shared t0, alpha1 ≤ alpha2",
                        DoublePowerLaw::new));
    }
}
