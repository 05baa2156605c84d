package dev.graft.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * AdamW with decoupled weight decay, step for step the update of {@code torch.optim.AdamW}
 * (amsgrad off, maximize off):
 * <pre>
 *   t += 1
 *   p ← p · (1 − lr·wd)
 *   m ← m + (1 − β₁)·(g − m)              (torch's lerp form of β₁·m + (1 − β₁)·g)
 *   v ← β₂·v + (1 − β₂)·g²
 *   p ← p − lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
 * </pre>
 * The decay applies to every parameter the loss reaches. A parameter the loss does not reach (the
 * auxiliary head of a model trained without the auxiliary loss) is {@linkplain #leaveAlone left alone}:
 * torch's AdamW skips a parameter whose {@code .grad} is None, neither decaying it nor keeping moments
 * for it, and the study's code leaves its sector head out of the loss when the auxiliary task is off.
 * The moment arrays {@code m}, {@code v} and one scratch array
 * per parameter are allocated once; a step only runs in-place ND4J ops on them, except that dense
 * float32 parameters are updated in one Java loop over their native memory with the same float32
 * operations in the same order (about 17 tiny ND4J ops per parameter each cost an OpenMP fork/join,
 * which on a loaded 2-core machine took seconds per step).
 */
public final class AdamW {

    /** β₁ of the study (and torch's default). */
    public static final double DEFAULT_BETA1 = 0.9;
    /** β₂ of the study (and torch's default). */
    public static final double DEFAULT_BETA2 = 0.999;
    /** ε of the study (and torch's default). */
    public static final double DEFAULT_EPS = 1e-8;

    private final List<INDArray> parameters;
    private final List<INDArray> firstMoments = new ArrayList<>();
    private final List<INDArray> secondMoments = new ArrayList<>();
    private final List<INDArray> scratch = new ArrayList<>();
    private final double weightDecay;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final boolean[] leftAlone;
    private long stepCount;

    /** AdamW with the study's β₁ 0.9, β₂ 0.999, ε 1e-8. */
    public AdamW(List<INDArray> parameters, double weightDecay) {
        this(parameters, weightDecay, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS);
    }

    public AdamW(List<INDArray> parameters, double weightDecay, double beta1, double beta2, double eps) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("AdamW betas must lie in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(eps > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("AdamW needs eps > 0 and weight decay ≥ 0, got eps " + eps
                    + ", weight decay " + weightDecay);
        }
        this.parameters = List.copyOf(parameters);
        this.weightDecay = weightDecay;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.leftAlone = new boolean[this.parameters.size()];
        for (INDArray p : this.parameters) {
            firstMoments.add(Nd4j.zerosLike(p));
            secondMoments.add(Nd4j.zerosLike(p));
            scratch.add(Nd4j.zerosLike(p));
        }
    }

    /**
     * Marks parameter {@code index} as outside the loss: {@link #step} no longer decays or moves it and
     * its moments stay zero, as torch's AdamW does for a parameter without a gradient.
     */
    public void leaveAlone(int index) {
        if (index < 0 || index >= parameters.size()) {
            throw new IllegalArgumentException("no parameter " + index + " among " + parameters.size());
        }
        leftAlone[index] = true;
    }

    /** Whether parameter {@code index} is {@linkplain #leaveAlone left alone}. */
    public boolean leftAlone(int index) {
        return leftAlone[index];
    }

    /**
     * One update of every parameter with learning rate {@code lr}; {@code gradients} are in the same
     * order and shapes as the parameters.
     */
    public void step(List<INDArray> gradients, double lr) {
        if (gradients.size() != parameters.size()) {
            throw new IllegalArgumentException("AdamW got " + gradients.size() + " gradients for "
                    + parameters.size() + " parameters");
        }
        stepCount++;
        double biasCorrection1 = 1 - Math.pow(beta1, stepCount);
        double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, stepCount));
        double stepSize = lr / biasCorrection1;
        double decay = 1 - lr * weightDecay;
        for (int i = 0; i < parameters.size(); i++) {
            if (leftAlone[i]) {
                continue;
            }
            INDArray p = parameters.get(i);
            INDArray g = gradients.get(i);
            INDArray m = firstMoments.get(i);
            INDArray v = secondMoments.get(i);
            INDArray s = scratch.get(i);
            if (dense(p) && dense(g) && dense(m) && dense(v) && p.length() == g.length()) {
                stepFloat(p, g, m, v, decay, stepSize, biasCorrection2Sqrt);
                continue;
            }
            if (weightDecay != 0) {
                p.muli(decay);
            }
            s.assign(g).subi(m).muli(1 - beta1);
            m.addi(s);
            v.muli(beta2);
            s.assign(g).muli(g).muli(1 - beta2);
            v.addi(s);
            s.assign(v);
            Transforms.sqrt(s, false);
            s.divi(biasCorrection2Sqrt).addi(eps);
            s.rdivi(m).muli(stepSize);
            p.subi(s);
        }
    }

    private static final int CHUNK = 4096;

    private static boolean dense(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.ordering() == 'c' && a.elementWiseStride() == 1 && !a.isView();
    }

    /** The in-place ND4J sequence of {@link #step}, element by element in float32. */
    private void stepFloat(INDArray p, INDArray g, INDArray m, INDArray v, double decay, double stepSize,
                           double biasCorrection2Sqrt) {
        FloatBuffer pb = p.data().asNioFloat();
        FloatBuffer gb = g.data().asNioFloat();
        FloatBuffer mb = m.data().asNioFloat();
        FloatBuffer vb = v.data().asNioFloat();
        int po = (int) p.offset();
        int go = (int) g.offset();
        int mo = (int) m.offset();
        int vo = (int) v.offset();
        int n = (int) p.length();
        float[] ps = new float[Math.min(CHUNK, n)];
        float[] gs = new float[ps.length];
        float[] ms = new float[ps.length];
        float[] vs = new float[ps.length];
        boolean doDecay = weightDecay != 0;
        float fDecay = (float) decay;
        float oneMinusB1 = (float) (1 - beta1);
        float b2 = (float) beta2;
        float oneMinusB2 = (float) (1 - beta2);
        float bc2 = (float) biasCorrection2Sqrt;
        float fEps = (float) eps;
        float fStep = (float) stepSize;
        for (int from = 0; from < n; from += CHUNK) {
            int len = Math.min(CHUNK, n - from);
            pb.get(po + from, ps, 0, len);
            gb.get(go + from, gs, 0, len);
            mb.get(mo + from, ms, 0, len);
            vb.get(vo + from, vs, 0, len);
            for (int j = 0; j < len; j++) {
                float pj = doDecay ? ps[j] * fDecay : ps[j];
                float gj = gs[j];
                float mj = ms[j] + (gj - ms[j]) * oneMinusB1;
                float vj = vs[j] * b2 + gj * gj * oneMinusB2;
                float denom = (float) Math.sqrt(vj) / bc2 + fEps;
                ps[j] = pj - mj / denom * fStep;
                ms[j] = mj;
                vs[j] = vj;
            }
            pb.put(po + from, ps, 0, len);
            mb.put(mo + from, ms, 0, len);
            vb.put(vo + from, vs, 0, len);
        }
    }

    /** Updates taken so far (torch's {@code state['step']}). */
    public long stepCount() {
        return stepCount;
    }

    /** First-moment arrays, same order as the parameters (live: a checkpoint reads and restores them). */
    public List<INDArray> firstMoments() {
        return List.copyOf(firstMoments);
    }

    /** Second-moment arrays, same order as the parameters (live). */
    public List<INDArray> secondMoments() {
        return List.copyOf(secondMoments);
    }

    public double weightDecay() {
        return weightDecay;
    }

    public double beta1() {
        return beta1;
    }

    public double beta2() {
        return beta2;
    }

    public double eps() {
        return eps;
    }

    /** Restores the state of a checkpoint: copies the moments in and sets the step count. */
    public void restore(long steps, List<INDArray> m, List<INDArray> v) {
        if (steps < 0 || m.size() != parameters.size() || v.size() != parameters.size()) {
            throw new IllegalArgumentException("AdamW state does not match: " + m.size() + "/" + v.size()
                    + " moment arrays for " + parameters.size() + " parameters, step " + steps);
        }
        for (int i = 0; i < parameters.size(); i++) {
            copyChecked(m.get(i), firstMoments.get(i), "first moment " + i);
            copyChecked(v.get(i), secondMoments.get(i), "second moment " + i);
        }
        stepCount = steps;
    }

    private static void copyChecked(INDArray from, INDArray to, String what) {
        if (!java.util.Arrays.equals(from.shape(), to.shape())) {
            throw new IllegalArgumentException("AdamW " + what + " has shape " + java.util.Arrays.toString(from.shape())
                    + ", expected " + java.util.Arrays.toString(to.shape()));
        }
        to.assign(from);
    }
}
