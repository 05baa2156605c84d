package dev.graft.fits;

import dev.graft.spi.FitModel;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;

import java.util.List;
import java.util.function.Supplier;

/** Makes one fit model under its spec name; the models have no options (bounds and starts come from the data). */
record FitModelFactory(String name, String description, Supplier<FitModel> maker) implements PluginFactory<FitModel> {

    @Override
    public PluginKind kind() {
        return PluginKind.FIT_MODEL;
    }

    @Override
    public List<OptionSpec> options() {
        return List.of();
    }

    @Override
    public FitModel create(Options options) {
        return maker.get();
    }
}
