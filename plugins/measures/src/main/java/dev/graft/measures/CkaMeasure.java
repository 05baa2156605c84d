package dev.graft.measures;

import dev.graft.spi.DeclaredPlugin;
import dev.graft.spi.GraftPlan;
import dev.graft.spi.Measure;
import dev.graft.spi.MeasureContext;
import dev.graft.spi.MeasuredModel;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;
import dev.graft.spi.PluginContext;
import dev.graft.spi.PluginKind;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code cka} measure: at each measured layer k, linear CKA ({@link LinearCka}) of the CLS residual after
 * layer k with the same model's at step 0 ({@code cka.start}); for a grafted model, also with the source
 * small model's residual after the layer copied into k ({@code cka.source}) and the held-out R² of a ridge
 * map from that source residual to this one ({@code ridge_r2.source}). Rows have component
 * {@code resid_post}.
 */
public final class CkaMeasure extends DeclaredPlugin<Measure> {
    static final String ALPHA = "alpha";

    public CkaMeasure() {
        super(PluginKind.MEASURE, "cka", "linear CKA of each layer's CLS residual with the model at step 0 and, for a"
                        + " graft, with the source's residual at the copied layer; plus the R² of a ridge map source → model",
                OptionSpec.numberAbove(ALPHA, 1.0, 0, "ridge strength α of the source → model map (R² on the held-out rows)"));
    }

    @Override
    public Measure create(Options options, PluginContext context) {
        return new Cka(options.getDouble(ALPHA));
    }

    record Cka(double alpha) implements Measure {
        @Override
        public List<Value> measure(MeasureContext context) {
            MeasuredModel model = context.model();
            List<Value> out = new ArrayList<>();
            for (int k : context.layers()) {
                float[][] now = model.clsResidual(k);
                out.add(new Value(k, "resid_post", "cka.start", LinearCka.of(now, context.start().clsResidual(k))));
                if (context.source().isEmpty() || context.plan().isEmpty()) {
                    continue;
                }
                MeasuredModel source = context.source().get();
                for (GraftPlan.LayerCopy c : context.plan().get().copies()) {
                    if (c.largeLayer() != k) {
                        continue;
                    }
                    float[][] before = source.clsResidual(c.smallLayer());
                    out.add(new Value(k, "resid_post", "cka.source", LinearCka.of(now, before)));
                    out.add(new Value(k, "resid_post", "ridge_r2.source",
                            RidgeMap.r2(before, now, context.heldout(), alpha)));
                }
            }
            return out;
        }
    }
}
