package dev.graft.model;

import dev.graft.spi.Game;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

/**
 * The final LayerNorm and the three heads on its output h, forward and backward on a {@link Workspace}:
 * value = linear(h[CLS]) → 1 logit; aux = linear(h[CLS]) → auxOutputs values (when the model has an aux
 * head); policy: for each move, logit = W2·gelu(z + b1) + b2 where z is {@code concat(h[s₁] … h[s_k])·W1}
 * when every move covers k squares ({@link MoveGather}), else the mean of h over the move's squares (or
 * {@code policy.empty} for a move of none) times W1 ({@link PolicyPooling}).
 */
final class OutputHeads {
    private final Game game;
    private final OutputParameters w;
    private final OutputParameters g;
    private final int auxOutputs;
    private final int d;
    private final int tokens;
    private final DataType dataType;
    /** Mean pooling of the policy head (null: concat); immutable, shared by replicas. */
    private final PolicyPooling meanPool;

    OutputHeads(Game game, ParameterStore store, int auxOutputs) {
        this.game = game;
        this.w = OutputParameters.of(store::valueOrNull);
        this.g = OutputParameters.of(store::gradientOrNull);
        this.auxOutputs = auxOutputs;
        this.d = store.layout().shape().dModel();
        this.tokens = game.tokens();
        this.dataType = store.dataType();
        this.meanPool = PolicyPooling.of(game) == PolicyPooling.Rule.MEAN ? new PolicyPooling(game) : null;
    }

    /** From the final residual {@code ws.x}: h, the CLS row, the value, aux and policy outputs. */
    void forward(Workspace ws, PhaseTimer timer) {
        int bsz = ws.batch;
        LayerNormKernel.forward(ws.x, w.lnfW(), w.lnfB(), ws.xhatF, ws.rstdF, ws.mean, ws.sq, ws.h);
        PhaseTimer.mark(timer, "f.ln");
        ws.cls.assign(ws.h.reshape(bsz, tokens, d).get(all(), point(tokens - 1), all()));
        Nd4j.gemm(ws.cls, w.valueW(), ws.valueOut, false, false, 1.0, 0.0);
        ws.valueOut.addiRowVector(w.valueB());
        if (auxOutputs > 0) {
            Nd4j.gemm(ws.cls, w.auxW(), ws.auxOut, false, false, 1.0, 0.0);
            ws.auxOut.addiRowVector(w.auxB());
        }
        PhaseTimer.mark(timer, "f.valueAux");
        if (meanPool != null) {
            forwardMeanPool(ws, bsz);
        } else {
            int k = game.maxSquaresPerMove();
            for (int j = 0; j < k; j++) {
                Nd4j.gemm(ws.h, w1Block(w.policyW1(), j), ws.perSquare[j], false, false, 1.0, 0.0);
                ws.gather.gather(j, ws.perSquare[j], j == 0 ? ws.pz : ws.ptmp);
                if (j > 0) {
                    ws.pz.addi(ws.ptmp);
                }
            }
        }
        ws.pz.addiRowVector(w.policyB1());
        ErfGelu.forward(ws.pz, ws.pcdf, ws.pg);
        Nd4j.gemm(ws.pg, w.policyW2(), ws.logits, false, false, 1.0, 0.0);
        ws.logits.addiRowVector(w.policyB2());
        PhaseTimer.mark(timer, "f.policy");
    }

    /** Mean pooling: pz = pool(h·W1) with policy.empty·W1 for a move of no square (pooling commutes with W1). */
    private void forwardMeanPool(Workspace ws, int bsz) {
        Nd4j.gemm(ws.h, w.policyW1(), ws.perSquare[0], false, false, 1.0, 0.0);
        INDArray emptyRow = null;
        if (w.policyEmpty() != null) {
            emptyRow = Nd4j.create(dataType, 1, d);
            Nd4j.gemm(w.policyEmpty().reshape(1, d), w.policyW1(), emptyRow, false, false, 1.0, 0.0);
        }
        meanPool.forward(bsz, ws.perSquare[0], emptyRow, ws.pz);
    }

    /**
     * Fills the heads' and the final LayerNorm's gradients from the losses' output gradients and leaves
     * the gradient of the final residual in {@code ws.dx}.
     */
    void backward(Workspace ws, HeadLosses losses, boolean useAux, PhaseTimer timer) {
        int bsz = ws.batch;
        int t = tokens;
        // value and aux heads
        ws.dValue.assign(Nd4j.createFromArray(losses.dValue).reshape(bsz, 1).castTo(dataType));
        Nd4j.gemm(ws.cls, ws.dValue, g.valueW(), true, false, 1.0, 0.0);
        Nd4j.gemm(ws.onesB, ws.dValue, g.valueB().reshape(1, 1), false, false, 1.0, 0.0);
        Nd4j.gemm(ws.dValue, w.valueW(), ws.dcls, false, true, 1.0, 0.0);
        if (auxOutputs > 0) {
            if (useAux) {
                ws.dAux.assign(Nd4j.createFromArray(losses.dAux).reshape(bsz, auxOutputs).castTo(dataType));
                Nd4j.gemm(ws.cls, ws.dAux, g.auxW(), true, false, 1.0, 0.0);
                Nd4j.gemm(ws.onesB, ws.dAux, g.auxB().reshape(1, auxOutputs), false, false, 1.0, 0.0);
                Nd4j.gemm(ws.dAux, w.auxW(), ws.dcls, false, true, 1.0, 1.0);
            } else {
                g.auxW().assign(0);
                g.auxB().assign(0);
            }
        }

        // policy head
        int r = bsz * game.moves();
        ws.dLogits.assign(Nd4j.createFromArray(losses.dPolicy).reshape(r, 1).castTo(dataType));
        Nd4j.gemm(ws.pg, ws.dLogits, g.policyW2(), true, false, 1.0, 0.0);
        Nd4j.gemm(ws.onesR, ws.dLogits, g.policyB2().reshape(1, 1), false, false, 1.0, 0.0);
        INDArray dz = ws.ptmp;
        Nd4j.gemm(ws.dLogits, w.policyW2(), dz, false, true, 1.0, 0.0);
        ErfGelu.backward(ws.pz, ws.pcdf, dz, ws.pg);
        Nd4j.gemm(ws.onesR, dz, g.policyB1().reshape(1, d), false, false, 1.0, 0.0);
        INDArray dh = ws.dln;
        if (meanPool != null) {
            backwardMeanPool(ws, bsz, dz, dh);
        }
        for (int j = 0; meanPool == null && j < game.maxSquaresPerMove(); j++) {
            ws.gather.scatterAdd(j, dz, ws.dPerSquare[j]);
            Nd4j.gemm(ws.h, ws.dPerSquare[j], w1Block(g.policyW1(), j), true, false, 1.0, 0.0);
            Nd4j.gemm(ws.dPerSquare[j], w1Block(w.policyW1(), j), dh, false, true, 1.0, j == 0 ? 0.0 : 1.0);
        }
        dh.reshape(bsz, t, d).get(all(), point(t - 1), all()).addi(ws.dcls);
        PhaseTimer.mark(timer, "b.policyValueAux");

        // final LayerNorm
        INDArray dx = ws.dx;
        dx.assign(0);
        LayerNormKernel.backward(dh, w.lnfW(), ws.xhatF, ws.rstdF, dx, g.lnfW(), g.lnfB(), ws.onesN, ws.sq, ws.dln2,
                ws.mean, ws.mean2);
        PhaseTimer.mark(timer, "b.ln");
    }

    /** Backward of {@link #forwardMeanPool}: fills the W1 and policy.empty gradients and dh from dz. */
    private void backwardMeanPool(Workspace ws, int bsz, INDArray dz, INDArray dh) {
        INDArray empty = w.policyEmpty();
        INDArray dEmpty = empty == null ? null : Nd4j.create(dataType, 1, d);
        meanPool.backward(bsz, dz, ws.dPerSquare[0], dEmpty);
        Nd4j.gemm(ws.h, ws.dPerSquare[0], g.policyW1(), true, false, 1.0, 0.0);
        Nd4j.gemm(ws.dPerSquare[0], w.policyW1(), dh, false, true, 1.0, 0.0);
        if (empty != null) {
            Nd4j.gemm(empty.reshape(1, d), dEmpty, g.policyW1(), true, false, 1.0, 1.0);
            Nd4j.gemm(dEmpty, w.policyW1(), g.policyEmpty().reshape(1, d), false, true, 1.0, 0.0);
        }
    }

    /** Rows [j·d_model, (j+1)·d_model) of a concat policy W1 (or its gradient): the weights of square j. */
    private INDArray w1Block(INDArray w1, int j) {
        long dm = d;
        return w1.get(NDArrayIndex.interval(j * dm, (j + 1) * dm), all());
    }
}
