package dev.graft.model;

import dev.graft.spi.ModelShape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.SoftmaxBp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

/**
 * One pre-LayerNorm layer, {@code x += Attn(LN1(x)); x += MLP(LN2(x))}, forward and backward on a
 * {@link Workspace}: full multi-head attention without biases, scale 1/√d_head, over chunks of positions
 * ({@link Workspace#attnChunk}); MLP {@code W_out·gelu(W_in·x + b_in) + b_out} with the exact erf GELU.
 * Q, K and V are computed by one gemm against a fused [d_model, 3·heads·d_head] copy of the per-head
 * weights (Q pre-scaled), refreshed from the parameters before each forward pass ({@link #refreshFused}).
 */
final class TransformerBlock {
    private final int layer;
    private final LayerParameters w;
    private final LayerParameters g;
    /** The fused QKV working copy; a data-parallel replica shares its source's. */
    private final INDArray wqkv;
    private final int d, e, hh, f, tokens;
    private final double scale;

    TransformerBlock(int layer, LayerParameters values, LayerParameters gradients, ModelShape shape, int tokens,
                     DataType dataType) {
        this(layer, values, gradients, shape, tokens,
                Nd4j.create(dataType, shape.dModel(), 3L * shape.heads() * shape.dHead()));
    }

    private TransformerBlock(int layer, LayerParameters values, LayerParameters gradients, ModelShape shape,
                             int tokens, INDArray wqkv) {
        this.layer = layer;
        this.w = values;
        this.g = gradients;
        this.wqkv = wqkv;
        this.d = shape.dModel();
        this.e = shape.dHead();
        this.hh = shape.heads();
        this.f = shape.dMlp();
        this.tokens = tokens;
        this.scale = 1.0 / Math.sqrt(e);
    }

    /** The same layer over the same parameters and fused copy, accumulating into {@code gradients}. */
    TransformerBlock replica(LayerParameters gradients, ModelShape shape) {
        return new TransformerBlock(layer, w, gradients, shape, tokens, wqkv);
    }

    /** Copies the per-head Q, K, V weights (Q pre-scaled by 1/√d_head) into the fused matrix. */
    void refreshFused() {
        INDArray view = wqkv.reshape(d, 3, hh, e);
        view.get(all(), point(0), all(), all()).assign(w.wq().permute(1, 0, 2)).muli(scale);
        view.get(all(), point(1), all(), all()).assign(w.wk().permute(1, 0, 2));
        view.get(all(), point(2), all(), all()).assign(w.wv().permute(1, 0, 2));
    }

    /**
     * Adds this layer's attention and MLP to {@code ws.x}, keeping what backward needs in ws's layer arrays.
     *
     * @param pass reads and interventions of an inference pass, or null (training: nothing but the model)
     */
    void forward(Workspace ws, PhaseTimer timer, InterventionPass pass) {
        int l = layer;
        int bsz = ws.batch;
        int t = tokens;
        INDArray x = ws.x;
        // attention
        LayerNormKernel.forward(x, w.ln1w(), w.ln1b(), ws.xhat1[l], ws.rstd1[l], ws.mean, ws.sq, ws.ln1[l]);
        PhaseTimer.mark(timer, "f.ln");
        Nd4j.gemm(ws.ln1[l], wqkv, ws.qkv, false, false, 1.0, 0.0);
        PhaseTimer.mark(timer, "f.qkv.gemm");
        INDArray qkv5 = ws.qkv.reshape(bsz, t, 3, hh, e);
        ws.q[l].assign(qkv5.get(all(), all(), point(0), all(), all()).permute(0, 2, 1, 3));
        ws.k[l].assign(qkv5.get(all(), all(), point(1), all(), all()).permute(0, 2, 1, 3));
        ws.v[l].assign(qkv5.get(all(), all(), point(2), all(), all()).permute(0, 2, 1, 3));
        PhaseTimer.mark(timer, "f.qkv.split");
        for (int c0 = 0; c0 < bsz; c0 += ws.attnChunk) {
            int len = Math.min(ws.attnChunk, bsz - c0);
            INDArray sc = positions(ws.scores, 0, len);
            INDArray pr = positions(ws.probs, 0, len);
            Nd4j.matmul(positions(ws.q[l], c0, len), positions(ws.k[l], c0, len), sc, false, true, false);
            PhaseTimer.mark(timer, "f.attn.QK");
            Nd4j.exec(new SoftMax(sc, pr, 3));
            PhaseTimer.mark(timer, "f.attn.softmax");
            if (pass != null) {
                pass.attentionProbabilities(l, c0, len, pr);
            }
            Nd4j.matmul(pr, positions(ws.v[l], c0, len), positions(ws.heads, c0, len), false, false, false);
            PhaseTimer.mark(timer, "f.attn.PV");
        }
        ws.merged[l].reshape(bsz, t, hh, e).assign(ws.heads.permute(0, 2, 1, 3));
        PhaseTimer.mark(timer, "f.attn.merge");
        if (pass != null) {
            pass.beforeAttentionOut(l, ws.merged[l], w.wo());
        }
        Nd4j.gemm(ws.merged[l], w.wo().reshape((long) hh * e, d), x, false, false, 1.0, 1.0);
        PhaseTimer.mark(timer, "f.attn.O");
        if (pass != null) {
            pass.afterAttentionOut(l, x);
        }
        // MLP
        LayerNormKernel.forward(x, w.ln2w(), w.ln2b(), ws.xhat2[l], ws.rstd2[l], ws.mean, ws.sq, ws.ln2[l]);
        PhaseTimer.mark(timer, "f.ln");
        Nd4j.gemm(ws.ln2[l], w.win(), ws.hpre[l], false, false, 1.0, 0.0);
        ws.hpre[l].addiRowVector(w.bin());
        PhaseTimer.mark(timer, "f.mlp.in");
        ErfGelu.forward(ws.hpre[l], ws.hcdf, ws.hact);
        PhaseTimer.mark(timer, "f.mlp.gelu");
        if (pass != null) {
            pass.beforeMlpOut(l, ws.hact);
        }
        Nd4j.gemm(ws.hact, w.wout(), x, false, false, 1.0, 1.0);
        if (pass == null || pass.keepsMlpBias(l)) {
            x.addiRowVector(w.bout());
        }
        PhaseTimer.mark(timer, "f.mlp.out");
        if (pass != null) {
            pass.afterLayer(l, x);
        }
    }

    /**
     * Fills this layer's gradients from {@code ws.dx} (the gradient of the stream after the layer), leaving in
     * {@code ws.dx} the gradient of the stream before it. Uses the activations {@link #forward} kept in ws.
     *
     * @param dwqkv [d_model, 3·heads·d_head] scratch for the fused QKV gradient
     */
    void backward(Workspace ws, INDArray dwqkv, PhaseTimer timer) {
        int l = layer;
        int bsz = ws.batch;
        int t = tokens;
        INDArray dx = ws.dx;
        // MLP
        Nd4j.gemm(dx, w.wout(), ws.dhid, false, true, 1.0, 0.0);
        PhaseTimer.mark(timer, "b.mlp.out");
        // gelu and gelu' again from the pre-activation (nothing of the GELU is kept per layer)
        ErfGelu.backwardFromInput(ws.hpre[l], ws.dhid, ws.hact, ws.hcdf, ws.hscratch);
        PhaseTimer.mark(timer, "b.mlp.gelu");
        Nd4j.gemm(ws.hact, dx, g.wout(), true, false, 1.0, 0.0);
        Nd4j.gemm(ws.onesN, dx, g.bout().reshape(1, d), false, false, 1.0, 0.0);
        PhaseTimer.mark(timer, "b.mlp.out");
        Nd4j.gemm(ws.ln2[l], ws.dhid, g.win(), true, false, 1.0, 0.0);
        Nd4j.gemm(ws.onesN, ws.dhid, g.bin().reshape(1, f), false, false, 1.0, 0.0);
        Nd4j.gemm(ws.dhid, w.win(), ws.dln, false, true, 1.0, 0.0);
        PhaseTimer.mark(timer, "b.mlp.in");
        LayerNormKernel.backward(ws.dln, w.ln2w(), ws.xhat2[l], ws.rstd2[l], dx, g.ln2w(), g.ln2b(), ws.onesN,
                ws.sq, ws.dln2, ws.mean, ws.mean2);
        PhaseTimer.mark(timer, "b.ln");
        // attention
        Nd4j.gemm(ws.merged[l], dx, g.wo().reshape((long) hh * e, d), true, false, 1.0, 0.0);
        Nd4j.gemm(dx, w.wo().reshape((long) hh * e, d), ws.dmerged, false, true, 1.0, 0.0);
        ws.dheads.assign(ws.dmerged.reshape(bsz, t, hh, e).permute(0, 2, 1, 3));
        PhaseTimer.mark(timer, "b.attn.O+split");
        for (int c0 = 0; c0 < bsz; c0 += ws.attnChunk) {
            int len = Math.min(ws.attnChunk, bsz - c0);
            INDArray sc = positions(ws.scores, 0, len);
            INDArray pr = positions(ws.probs, 0, len);
            INDArray dp = positions(ws.dprobs, 0, len);
            INDArray ds = positions(ws.dscores, 0, len);
            INDArray qc = positions(ws.q[l], c0, len);
            INDArray kc = positions(ws.k[l], c0, len);
            INDArray dhc = positions(ws.dheads, c0, len);
            // the logits are recomputed (not kept per layer) and softmaxed again
            Nd4j.matmul(qc, kc, sc, false, true, false);
            Nd4j.exec(new SoftMax(sc, pr, 3));
            PhaseTimer.mark(timer, "b.attn.softmaxRecompute");
            Nd4j.matmul(dhc, positions(ws.v[l], c0, len), dp, false, true, false);
            PhaseTimer.mark(timer, "b.attn.dP");
            // dVᵀ = dHeadsᵀ·P: transposing the small [T, E] operand, not the [T, T] one, avoids a copy of P
            Nd4j.matmul(dhc, pr, positions(ws.dvT, c0, len), true, false, false);
            PhaseTimer.mark(timer, "b.attn.dV");
            Nd4j.exec(new SoftmaxBp(sc, dp, ds, 3));
            PhaseTimer.mark(timer, "b.attn.softmaxBp");
            Nd4j.matmul(ds, kc, positions(ws.dq, c0, len), false, false, false);
            Nd4j.matmul(qc, ds, positions(ws.dkT, c0, len), true, false, false);
            PhaseTimer.mark(timer, "b.attn.dQdK");
        }
        INDArray dqkv5 = ws.dqkv.reshape(bsz, t, 3, hh, e);
        dqkv5.get(all(), all(), point(0), all(), all()).assign(ws.dq.permute(0, 2, 1, 3));
        dqkv5.get(all(), all(), point(1), all(), all()).assign(ws.dkT.permute(0, 3, 1, 2));
        dqkv5.get(all(), all(), point(2), all(), all()).assign(ws.dvT.permute(0, 3, 1, 2));
        PhaseTimer.mark(timer, "b.qkv.merge");
        Nd4j.gemm(ws.ln1[l], ws.dqkv, dwqkv, true, false, 1.0, 0.0);
        PhaseTimer.mark(timer, "b.qkv.dW");
        INDArray dview = dwqkv.reshape(d, 3, hh, e);
        g.wq().assign(dview.get(all(), point(0), all(), all()).permute(1, 0, 2)).muli(scale);
        g.wk().assign(dview.get(all(), point(1), all(), all()).permute(1, 0, 2));
        g.wv().assign(dview.get(all(), point(2), all(), all()).permute(1, 0, 2));
        PhaseTimer.mark(timer, "b.qkv.unfuse");
        Nd4j.gemm(ws.dqkv, wqkv, ws.dln, false, true, 1.0, 0.0);
        PhaseTimer.mark(timer, "b.qkv.dX");
        LayerNormKernel.backward(ws.dln, w.ln1w(), ws.xhat1[l], ws.rstd1[l], dx, g.ln1w(), g.ln1b(), ws.onesN,
                ws.sq, ws.dln2, ws.mean, ws.mean2);
        PhaseTimer.mark(timer, "b.ln");
    }

    /** Positions [from, from+count) of a [B, …] array: the array itself when that is all of it. */
    private static INDArray positions(INDArray a, int from, int count) {
        if (from == 0 && count == a.size(0)) {
            return a;
        }
        return a.get(NDArrayIndex.interval(from, from + count), all(), all(), all());
    }
}
