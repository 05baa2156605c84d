package dev.graft.measure;

import dev.graft.model.Intervention;
import dev.graft.model.ModelOutputs;
import dev.graft.model.ParameterLayout;
import dev.graft.model.Transformer;
import dev.graft.spi.MeasuredModel;
import dev.graft.spi.ModelShape;
import dev.graft.spi.UnitChange;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The engine's {@link MeasuredModel}: a {@link Transformer} on the first n positions of the probe set. The
 * unchanged pass runs once, on first use, keeping the CLS residuals ({@link ClsResidualHooks}), and once more
 * only for a measure that reads head outputs or mean-ablates ({@link CleanPassHooks}); every changed pass is a
 * {@link Transformer#forward} with the changes as {@link Intervention}s (a mean ablation replaces the part
 * by its per-token mean over the probe set from the unchanged pass). Parameters are read as copies.
 */
final class ModelView implements MeasuredModel {
    private final Transformer model;
    private final byte[] tokenIds;
    private final int n;
    private ClsResidualHooks residuals;
    private CleanPassHooks heads;
    private Pass cleanPass;
    /** Parameters read so far, row-major copies: a measure reads many units of one parameter. */
    private final java.util.Map<String, float[]> values = new java.util.HashMap<>();

    ModelView(Transformer model, byte[] tokenIds, int n) {
        this.model = Objects.requireNonNull(model, "model");
        this.tokenIds = Objects.requireNonNull(tokenIds, "tokenIds");
        if (n < 1 || (long) n * model.game().tokens() > tokenIds.length) {
            throw new IllegalArgumentException(n + " positions do not fit " + tokenIds.length + " token ids");
        }
        this.n = n;
    }

    @Override
    public ModelShape shape() {
        return model.shape();
    }

    @Override
    public int positions() {
        return n;
    }

    @Override
    public int tokens() {
        return model.game().tokens();
    }

    /** The unchanged pass keeping the CLS residuals only: what most measures read, at a plain pass's cost. */
    private synchronized ClsResidualHooks residualHooks() {
        if (residuals == null) {
            ClsResidualHooks hooks = new ClsResidualHooks(n, tokens(), shape().layers());
            ModelOutputs out = model.forward(tokenIds, n, List.of(), hooks);
            cleanPass = pass(out, hooks.residuals());
            residuals = hooks;
        }
        return residuals;
    }

    /**
     * The unchanged pass again, keeping every head's output and the per-token means of heads and neurons; run
     * only when a measure asks for them (a head's CLS output, a mean ablation): it costs a product per head.
     */
    private synchronized CleanPassHooks cleanHooks() {
        if (heads == null) {
            CleanPassHooks hooks = new CleanPassHooks(n, tokens(), shape().layers(), shape().heads());
            ModelOutputs out = model.forward(tokenIds, n, List.of(), hooks);
            if (residuals == null) {
                cleanPass = pass(out, hooks.residuals());
                residuals = hooks;
            }
            heads = hooks;
        }
        return heads;
    }

    @Override
    public float[][] clsResidual(int layer) {
        checkLayer(layer);
        return residualHooks().residuals()[layer];
    }

    @Override
    public float[][] clsHeadOutput(int layer, int head) {
        checkHead(layer, head);
        return cleanHooks().clsHead(layer, head);
    }

    @Override
    public float[] headOutput(int layer, int head) {
        checkHead(layer, head);
        HeadOutputHooks hooks = new HeadOutputHooks(layer, head, n);
        model.forward(tokenIds, n, List.of(), hooks);
        return hooks.output();
    }

    @Override
    public float[] attentionPatterns(int layer, List<Integer> heads, int from, int count) {
        heads.forEach(h -> checkHead(layer, h));
        if (from < 0 || count < 1 || from + count > n) {
            throw new IllegalArgumentException("positions " + from + ".." + (from + count - 1)
                    + " are outside the probe set's 0.." + (n - 1));
        }
        int t = tokens();
        byte[] part = java.util.Arrays.copyOfRange(tokenIds, from * t, (from + count) * t);
        AttentionPatternHooks hooks = new AttentionPatternHooks(layer, heads, count, t);
        model.forward(part, count, List.of(), hooks);
        return hooks.patterns();
    }

    @Override
    public int passPositions() {
        return model.evaluationChunk();
    }

    @Override
    public List<String> parameterNames() {
        return model.layout().names();
    }

    @Override
    public long[] parameterShape(String name) {
        return entry(name).shape();
    }

    @Override
    public float[] parameter(String name) {
        return values(name).clone();
    }

    private synchronized float[] values(String name) {
        entry(name);
        return values.computeIfAbsent(name, k -> model.parameter(k).dup('c').data().asFloat());
    }

    @Override
    public float[] unit(String name, int unit) {
        ParameterLayout.Entry e = entry(name);
        if (e.unit() == ParameterLayout.Unit.NONE) {
            throw new IllegalArgumentException(name + " has no per-head or per-neuron slices");
        }
        if (unit < 0 || unit >= e.units()) {
            throw new IllegalArgumentException(name + " has units 0.." + (e.units() - 1) + ", not " + unit);
        }
        // element (o, u, i) of the row-major array viewed as [outer, units, inner], u along the unit axis
        long[] dims = e.shape();
        int outer = 1;
        int inner = 1;
        for (int a = 0; a < dims.length; a++) {
            if (a < e.unitAxis()) {
                outer *= (int) dims[a];
            } else if (a > e.unitAxis()) {
                inner *= (int) dims[a];
            }
        }
        int units = e.units();
        float[] all = values(name);
        float[] out = new float[outer * inner];
        for (int o = 0; o < outer; o++) {
            System.arraycopy(all, (o * units + unit) * inner, out, o * inner, inner);
        }
        return out;
    }

    private ParameterLayout.Entry entry(String name) {
        if (!model.layout().has(name)) {
            throw new IllegalArgumentException("the model has no parameter '" + name + "'; it has e.g. "
                    + model.layout().names().subList(0, Math.min(4, model.layout().names().size())));
        }
        return model.layout().entry(name);
    }

    @Override
    public Pass clean() {
        residualHooks();
        return cleanPass;
    }

    @Override
    public Pass run(List<UnitChange> changes) {
        if (changes.isEmpty()) {
            return clean();
        }
        List<Intervention> interventions = new ArrayList<>(changes.size());
        for (UnitChange c : changes) {
            interventions.add(intervention(c));
        }
        ClsResidualHooks hooks = new ClsResidualHooks(n, tokens(), shape().layers());
        ModelOutputs out = model.forward(tokenIds, n, interventions, hooks);
        return pass(out, hooks.residuals());
    }

    private Intervention intervention(UnitChange c) {
        checkLayer(c.layer());
        return switch (c.part()) {
            case HEAD -> {
                checkHead(c.layer(), c.index());
                yield switch (c.mode()) {
                    case ZERO -> Intervention.zeroHead(c.layer(), c.index());
                    case MEAN -> Intervention.replaceHead(c.layer(), c.index(), cleanHooks().meanHead(c.layer(), c.index()));
                    case PATCH -> Intervention.replaceHead(c.layer(), c.index(), c.values());
                };
            }
            case NEURON -> {
                if (c.index() < 0 || c.index() >= shape().dMlp()) {
                    throw new IllegalArgumentException("MLP neuron " + c.index() + " is outside 0.." + (shape().dMlp() - 1));
                }
                yield switch (c.mode()) {
                    case ZERO -> Intervention.zeroNeuron(c.layer(), c.index());
                    case MEAN -> Intervention.replaceNeuron(c.layer(), c.index(),
                            cleanHooks().meanNeuron(c.layer(), c.index()));
                    case PATCH -> Intervention.replaceNeuron(c.layer(), c.index(), c.values());
                };
            }
            case MLP_BIAS -> Intervention.zeroMlpBias(c.layer());
        };
    }

    private static Pass pass(ModelOutputs out, float[][][] residuals) {
        return new Pass(out.value(), out.policy(), out.aux(), residuals);
    }

    private void checkLayer(int layer) {
        if (layer < 0 || layer >= shape().layers()) {
            throw new IllegalArgumentException("layer " + layer + " is outside 0.." + (shape().layers() - 1));
        }
    }

    private void checkHead(int layer, int head) {
        checkLayer(layer);
        if (head < 0 || head >= shape().heads()) {
            throw new IllegalArgumentException("head " + head + " is outside 0.." + (shape().heads() - 1));
        }
    }
}
