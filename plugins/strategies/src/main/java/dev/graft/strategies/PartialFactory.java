package dev.graft.strategies;

import dev.graft.spi.GraftStrategy;
import dev.graft.spi.InvalidOptionsException;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code partial}: only the small model's layers {@code from…to−1} ({@code to} exclusive, {@code end} = all
 * the rest), into large layers {@code at…}. What the small layers before {@code from} computed is missing, so
 * the grafted model does not compute the small model's function and the framework does not verify it.
 */
public final class PartialFactory implements PluginFactory<GraftStrategy> {

    @Override
    public PluginKind kind() {
        return PluginKind.GRAFT_STRATEGY;
    }

    @Override
    public String name() {
        return "partial";
    }

    @Override
    public String description() {
        return "small layers from…to−1 only, into large layers at…; not function-preserving, so not verified";
    }

    @Override
    public List<OptionSpec> options() {
        List<OptionSpec> out = new ArrayList<>();
        out.add(OptionSpec.integer(StrategyOptions.FROM, 0, 0, null, "first small layer copied"));
        out.add(OptionSpec.integerOrWord(StrategyOptions.TO, StrategyOptions.END, 1, null, List.of(StrategyOptions.END),
                "small layer after the last one copied (exclusive: from 1, to 3 copies layers 1 and 2); end: up to the"
                        + " small model's last layer"));
        out.add(StrategyOptions.at("first large layer receiving small layer 'from' (top: as deep as the copied"
                + " layers fit)"));
        out.add(OptionSpec.bool(StrategyOptions.PASS_THROUGH, true, "zero the outputs of the large layers before at,"
                + " so they pass the residual stream through; false keeps them as initialised"));
        out.addAll(StrategyOptions.parts());
        return out;
    }

    @Override
    public GraftStrategy create(Options o) {
        Integer to = o.get(StrategyOptions.TO) instanceof Integer i ? i : null;
        int from = o.getInt(StrategyOptions.FROM);
        if (to != null && to <= from) {
            throw new InvalidOptionsException(StrategyOptions.TO, "to " + to + " must be above from "
                    + from + " (the copied small layers are from…to−1); use to ≥ " + (from + 1));
        }
        return new LayerRangeGraft(name(), from, to, StrategyOptions.atOf(o),
                o.getBoolean(StrategyOptions.PASS_THROUGH), o.getBoolean(StrategyOptions.EMBEDDINGS),
                o.getBoolean(StrategyOptions.FINAL_NORM), o.getBoolean(StrategyOptions.HEADS), true);
    }
}
