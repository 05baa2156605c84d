package dev.graft.strategies;

import dev.graft.spi.GraftPlan;
import dev.graft.spi.GraftPlan.LayerCopy;
import dev.graft.spi.GraftStrategy;
import dev.graft.spi.ModelShape;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code widen} (Net2WiderNet, Chen et al. 2016; bert2BERT's function-preserving initialisation, Chen et al.
 * 2022): small layer i into large layer i, with more heads, MLP neurons and a larger d_model. Every large head
 * and neuron copies a small one (large unit j ← small unit j mod small units), each copy's outgoing weights
 * (W_O, W_out row) divided by the number of copies of its small unit; each small residual dimension is copied
 * into r = large d_model ÷ small d_model large ones (large dimension j ← small dimension j mod small d_model),
 * and every weight that reads the stream is divided by r, so LayerNorm's mean and variance, and every sublayer's
 * output, are the small model's. Function-preserving (and verified) without noise; with {@code noise} the
 * duplicated units' input weights are scaled by 1 + noise·z (z standard normal, clamped to ±3) to break their
 * symmetry, and the graft is not exact: the engine records by how much.
 */
public final class WidthGrowthFactory implements PluginFactory<GraftStrategy> {
    static final String NOISE = "noise";

    @Override
    public PluginKind kind() {
        return PluginKind.GRAFT_STRATEGY;
    }

    @Override
    public String name() {
        return "widen";
    }

    @Override
    public String description() {
        return "Net2WiderNet / bert2BERT FPI: heads, neurons and d_model (a multiple) duplicated, outgoing weights"
                + " split; function-preserving without noise, verified";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(OptionSpec.number(NOISE, 0.0, 0.0, 1.0, "relative noise on the duplicated units' input"
                + " weights (×(1 + noise·z), z ~ N(0,1) clamped to ±3) to break their symmetry; 0 keeps the graft exact"));
    }

    @Override
    public GraftStrategy create(Options o) {
        double noise = o.getDouble(NOISE);
        return new GraftStrategy() {
            @Override
            public GraftPlan plan(ModelShape small, ModelShape large) {
                List<Integer> residual = ShapeChecks.residualMap(small, large);
                ShapeChecks.unitsFit(small, large);
                ShapeChecks.layersFit(small, large);
                List<LayerCopy> copies = new ArrayList<>();
                for (int i = 0; i < small.layers(); i++) {
                    copies.add(LayerCopy.cycling(i, i, small, large));
                }
                return new GraftPlan(copies, List.of(), true, true, true, residual, noise, noise == 0);
            }

            @Override
            public boolean preservesFunction() {
                return noise == 0;
            }
        };
    }
}
