package dev.graft.interim;

import dev.graft.spi.GraftPlan;
import dev.graft.spi.GraftPlugin;
import dev.graft.spi.GraftStrategy;
import dev.graft.spi.InvalidOptionsException;
import dev.graft.spi.ModelShape;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Interim graft strategies: {@code front} (the study's: small layers 0…k−1 into large layers 0…k−1)
 * and {@code offset} (the same from large layer {@code at} on, the layers before it silenced). They
 * only make plans; the pipeline applies them. Replaced by the graft library's plugins.
 */
public final class InterimStrategiesPlugin implements GraftPlugin {

    @Override
    public List<PluginFactory<?>> factories() {
        return List.of(new Factory("front", "the study's graft: small layers 0…k−1, embeddings, final LayerNorm and heads "
                + "into the large model's first k layers", false),
                new Factory("offset", "small layers 0…k−1 into large layers at…at+k−1; the layers before pass the "
                        + "residual stream through", true));
    }

    private record Factory(String name, String description, boolean hasOffset) implements PluginFactory<GraftStrategy> {
        @Override
        public PluginKind kind() {
            return PluginKind.GRAFT_STRATEGY;
        }

        @Override
        public List<OptionSpec> options() {
            return hasOffset ? List.of(OptionSpec.integer("at", 0, 0, null,
                    "the first large layer that receives small layer 0")) : List.of();
        }

        @Override
        public GraftStrategy create(Options options) {
            return new Offset(hasOffset ? options.getInt("at") : 0, hasOffset);
        }
    }

    private record Offset(int at, boolean named) implements GraftStrategy {
        @Override
        public GraftPlan plan(ModelShape small, ModelShape large) {
            if (at + small.layers() > large.layers()) {
                int most = large.layers() - small.layers();
                throw new InvalidOptionsException(named ? "at" : null, "the small model's " + small.layers()
                        + " layers do not fit in the large model's " + large.layers()
                        + (named ? " from layer " + at + " on" : "") + (most >= 0 ? "; at most at = " + most
                        : "; give the large model at least " + small.layers() + " layers"));
            }
            List<GraftPlan.LayerCopy> copies = new ArrayList<>();
            for (int l = 0; l < small.layers(); l++) {
                copies.add(new GraftPlan.LayerCopy(l, at + l));
            }
            return new GraftPlan(copies, IntStream.range(0, at).boxed().toList(), true, true, true);
        }

        @Override
        public boolean preservesFunction() {
            return true;
        }
    }
}
