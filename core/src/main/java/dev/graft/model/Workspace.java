package dev.graft.model;

import dev.graft.spi.Game;
import dev.graft.spi.ModelShape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every activation and gradient buffer of one batch size, allocated once (a fresh large ND4J array
 * costs tens of milliseconds). Per-layer arrays are the ones the backward pass needs; the rest are
 * shared scratch. Shapes: N = batch·tokens rows, D = d_model, E = d_head, H = heads, F = d_mlp,
 * R = batch·moves rows of the policy head.
 */
final class Workspace {
    final int batch;
    final int n;
    final MoveGather gather;

    final INDArray onehot;   // [N, states]
    final INDArray x;        // [N, D] residual stream
    final INDArray onesN;    // [1, N]
    final INDArray onesR;    // [1, R]
    final INDArray onesB;    // [1, B]
    final INDArray sq;       // [N, D] scratch
    final INDArray mean;     // [N, 1] scratch
    final INDArray mean2;    // [N, 1] scratch

    // per layer, kept for backward
    final INDArray[] xhat1, rstd1, ln1, q, k, v, merged, xhat2, rstd2, ln2, hpre;
    // shared forward scratch
    final INDArray qkv;      // [N, 3HE]
    /**
     * Positions per attention chunk: attention runs over [C, H, T, T] slices of the batch, and backward
     * recomputes the logits, so no [B, H, T, T] array is kept per layer (at batch 200 on the large
     * model those were 2.5 GB, plus 1.3 GB of full-batch scratch).
     */
    final int attnChunk;
    final INDArray scores;   // [C, H, T, T] scratch (logits)
    final INDArray probs;    // [C, H, T, T]
    final INDArray heads;    // [B, H, T, E]
    final INDArray hact;     // [N, F]
    final INDArray hcdf;     // [N, F] Φ of the GELU (scratch: backward recomputes it from hpre)

    // final LN and heads
    final INDArray xhatF, rstdF, h;            // [N, D], [N,1], [N, D]
    final INDArray cls;                         // [B, D]
    final INDArray valueOut;                    // [B, 1]
    final INDArray auxOut;                      // [B, A] (null when A = 0)
    final INDArray[] perSquare;                 // k × [N, D]
    final INDArray pz, pcdf, pg, ptmp;          // [R, D]
    final INDArray logits;                      // [R, 1]

    // backward
    final INDArray dx, dln, dln2;               // [N, D]
    final INDArray dqkv;                        // [N, 3HE]
    final INDArray dq, dheads;                  // [B, H, T, E]
    final INDArray dkT, dvT;                    // [B, H, E, T]
    final INDArray dprobs, dscores;             // [C, H, T, T]
    final INDArray dmerged;                     // [N, HE]
    final INDArray dhid, hscratch;              // [N, F]
    final INDArray dcls;                        // [B, D]
    final INDArray dValue;                      // [B, 1]
    final INDArray dAux;                        // [B, A]
    final INDArray dLogits;                     // [R, 1]
    final INDArray[] dPerSquare;                // k × [N, D]

    /** Bytes of one [C, H, T, T] attention scratch array that {@link #attentionChunk} aims at. */
    static final long ATTENTION_CHUNK_BYTES = 16L << 20;

    /** Positions per attention chunk: {@code override} when positive, else as many as fit ATTENTION_CHUNK_BYTES. */
    static int attentionChunk(int batch, int heads, int tokens, DataType dt, int override) {
        if (override > 0) {
            return Math.min(batch, override);
        }
        long perPosition = (long) heads * tokens * tokens * dt.width();
        return (int) Math.max(1, Math.min(batch, ATTENTION_CHUNK_BYTES / perPosition));
    }

    Workspace(Game game, ModelShape s, int auxOutputs, int batch, DataType dt) {
        this(game, s, auxOutputs, batch, dt, 0);
    }

    Workspace(Game game, ModelShape s, int auxOutputs, int batch, DataType dt, int attnChunkOverride) {
        this.batch = batch;
        int t = game.tokens();
        this.n = batch * t;
        int d = s.dModel();
        int e = s.dHead();
        int hh = s.heads();
        int f = s.dMlp();
        int layers = s.layers();
        int r = batch * game.moves();
        int kSq = game.maxSquaresPerMove();
        this.gather = new MoveGather(game, batch);

        onehot = Nd4j.create(dt, n, game.squareStates() + 1);
        x = Nd4j.create(dt, n, d);
        onesN = Nd4j.ones(dt, 1, n);
        onesR = Nd4j.ones(dt, 1, r);
        onesB = Nd4j.ones(dt, 1, batch);
        sq = Nd4j.create(dt, n, d);
        mean = Nd4j.create(dt, n, 1);
        mean2 = Nd4j.create(dt, n, 1);

        xhat1 = new INDArray[layers];
        rstd1 = new INDArray[layers];
        ln1 = new INDArray[layers];
        q = new INDArray[layers];
        k = new INDArray[layers];
        v = new INDArray[layers];
        merged = new INDArray[layers];
        xhat2 = new INDArray[layers];
        rstd2 = new INDArray[layers];
        ln2 = new INDArray[layers];
        hpre = new INDArray[layers];
        for (int l = 0; l < layers; l++) {
            xhat1[l] = Nd4j.create(dt, n, d);
            rstd1[l] = Nd4j.create(dt, n, 1);
            ln1[l] = Nd4j.create(dt, n, d);
            q[l] = Nd4j.create(dt, batch, hh, t, e);
            k[l] = Nd4j.create(dt, batch, hh, t, e);
            v[l] = Nd4j.create(dt, batch, hh, t, e);
            merged[l] = Nd4j.create(dt, n, hh * e);
            xhat2[l] = Nd4j.create(dt, n, d);
            rstd2[l] = Nd4j.create(dt, n, 1);
            ln2[l] = Nd4j.create(dt, n, d);
            hpre[l] = Nd4j.create(dt, n, f);
        }
        qkv = Nd4j.create(dt, n, 3 * hh * e);
        attnChunk = attentionChunk(batch, hh, t, dt, attnChunkOverride);
        scores = Nd4j.create(dt, attnChunk, hh, t, t);
        probs = Nd4j.create(dt, attnChunk, hh, t, t);
        heads = Nd4j.create(dt, batch, hh, t, e);
        hact = Nd4j.create(dt, n, f);
        hcdf = Nd4j.create(dt, n, f);

        xhatF = Nd4j.create(dt, n, d);
        rstdF = Nd4j.create(dt, n, 1);
        h = Nd4j.create(dt, n, d);
        cls = Nd4j.create(dt, batch, d);
        valueOut = Nd4j.create(dt, batch, 1);
        auxOut = auxOutputs > 0 ? Nd4j.create(dt, batch, auxOutputs) : null;
        perSquare = new INDArray[kSq];
        dPerSquare = new INDArray[kSq];
        for (int j = 0; j < kSq; j++) {
            perSquare[j] = Nd4j.create(dt, n, d);
            dPerSquare[j] = Nd4j.create(dt, n, d);
        }
        pz = Nd4j.create(dt, r, d);
        pcdf = Nd4j.create(dt, r, d);
        pg = Nd4j.create(dt, r, d);
        ptmp = Nd4j.create(dt, r, d);
        logits = Nd4j.create(dt, r, 1);

        dx = Nd4j.create(dt, n, d);
        dln = Nd4j.create(dt, n, d);
        dln2 = Nd4j.create(dt, n, d);
        dqkv = Nd4j.create(dt, n, 3 * hh * e);
        dq = Nd4j.create(dt, batch, hh, t, e);
        dkT = Nd4j.create(dt, batch, hh, e, t);
        dvT = Nd4j.create(dt, batch, hh, e, t);
        dheads = Nd4j.create(dt, batch, hh, t, e);
        dprobs = Nd4j.create(dt, attnChunk, hh, t, t);
        dscores = Nd4j.create(dt, attnChunk, hh, t, t);
        dmerged = Nd4j.create(dt, n, hh * e);
        dhid = Nd4j.create(dt, n, f);
        hscratch = Nd4j.create(dt, n, f);
        dcls = Nd4j.create(dt, batch, d);
        dValue = Nd4j.create(dt, batch, 1);
        dAux = auxOutputs > 0 ? Nd4j.create(dt, batch, auxOutputs) : null;
        dLogits = Nd4j.create(dt, r, 1);
    }
}
