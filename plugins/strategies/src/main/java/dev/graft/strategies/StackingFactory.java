package dev.graft.strategies;

import dev.graft.spi.GraftPlan;
import dev.graft.spi.GraftPlan.LayerCopy;
import dev.graft.spi.GraftStrategy;
import dev.graft.spi.InvalidOptionsException;
import dev.graft.spi.ModelShape;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code stack} (G_stack, Du et al. 2024 "Stacking Your Transformers"; Gong et al. 2019): the small model's
 * layers 0…s−1 copied {@code g} times one after another, large layer j ← small layer j mod s for j &lt; g·s;
 * embeddings, final LayerNorm and heads copied. Each copy writes a layer as {@code front} does (fresh heads'
 * and neurons' outputs zero). The stacked model does not compute the small model's function (layer s reads
 * the stream small layer s−1 wrote, not the embeddings), so it is not function-preserving: the engine checks
 * the weight placement exactly instead.
 */
public final class StackingFactory implements PluginFactory<GraftStrategy> {
    static final String G = "g";

    @Override
    public PluginKind kind() {
        return PluginKind.GRAFT_STRATEGY;
    }

    @Override
    public String name() {
        return "stack";
    }

    @Override
    public String description() {
        return "G_stack: the small layers copied g times one after another; not function-preserving (placement"
                + " checked exactly)";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(OptionSpec.integer(G, 2, 1, null, "how many times the small model's layers are stacked"
                + " (large layer j ← small layer j mod small layers, for j < g × small layers)"));
    }

    @Override
    public GraftStrategy create(Options o) {
        int g = o.getInt(G);
        return new GraftStrategy() {
            @Override
            public GraftPlan plan(ModelShape small, ModelShape large) {
                List<Integer> residual = ShapeChecks.residualMap(small, large);
                ShapeChecks.unitsFit(small, large);
                int s = small.layers();
                if ((long) g * s > large.layers()) {
                    int most = large.layers() / s;
                    throw new InvalidOptionsException(G, "g " + g + " stacks " + g + " × " + s + " = " + (g * s)
                            + " layers, but the large model has " + large.layers() + "; "
                            + (most >= 1 ? "at most g " + most + " fits" : "not even one copy fits (the large model needs"
                            + " at least " + s + " layers)"));
                }
                List<LayerCopy> copies = new ArrayList<>();
                for (int j = 0; j < g * s; j++) {
                    copies.add(LayerCopy.byIndex(j % s, j, small));
                }
                return new GraftPlan(copies, List.of(), true, true, true, residual, 0.0, false);
            }

            @Override
            public boolean preservesFunction() {
                return false;
            }
        };
    }
}
