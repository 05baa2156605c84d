package dev.graft.strategies;

import dev.graft.spi.GraftStrategy;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;

import java.util.List;

/**
 * {@code front}, the study's method: the small model's layers 0…k−1 into the large model's layers 0…k−1,
 * heads and MLP neurons by index, fresh heads' W_O and fresh neurons' W_out rows zeroed; embeddings, final
 * LayerNorm and heads copied unless switched off.
 */
public final class FrontFactory implements PluginFactory<GraftStrategy> {

    @Override
    public PluginKind kind() {
        return PluginKind.GRAFT_STRATEGY;
    }

    @Override
    public String name() {
        return "front";
    }

    @Override
    public String description() {
        return "the study's graft: small layers 0…k−1 into large layers 0…k−1, fresh heads' and neurons' outputs zeroed";
    }

    @Override
    public List<OptionSpec> options() {
        return StrategyOptions.parts();
    }

    @Override
    public GraftStrategy create(Options o) {
        return new LayerRangeGraft(name(), 0, null, 0, true, o.getBoolean(StrategyOptions.EMBEDDINGS),
                o.getBoolean(StrategyOptions.FINAL_NORM), o.getBoolean(StrategyOptions.HEADS), false);
    }
}
