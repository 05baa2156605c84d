package dev.graft.strategies;

import dev.graft.spi.GraftStrategy;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code offset}: like {@code front}, but small layer 0 goes into large layer {@code at} (or as deep as the
 * small layers fit, {@code at: top}); the large layers before {@code at} pass the residual stream through
 * unchanged (W_O, W_out and b_out zero).
 */
public final class OffsetFactory implements PluginFactory<GraftStrategy> {

    @Override
    public PluginKind kind() {
        return PluginKind.GRAFT_STRATEGY;
    }

    @Override
    public String name() {
        return "offset";
    }

    @Override
    public String description() {
        return "small layers 0…k−1 into large layers at…at+k−1; the large layers before at pass the stream through";
    }

    @Override
    public List<OptionSpec> options() {
        List<OptionSpec> out = new ArrayList<>();
        out.add(StrategyOptions.at("first large layer receiving small layer 0 (top: as deep as the small layers fit,"
                + " large layers − small layers); the layers before it have their outputs zeroed"));
        out.addAll(StrategyOptions.parts());
        return out;
    }

    @Override
    public GraftStrategy create(Options o) {
        return new LayerRangeGraft(name(), 0, null, StrategyOptions.atOf(o), true,
                o.getBoolean(StrategyOptions.EMBEDDINGS), o.getBoolean(StrategyOptions.FINAL_NORM),
                o.getBoolean(StrategyOptions.HEADS), false);
    }
}
