package dev.graft.graft;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The result of {@link GraftVerifier}: the largest absolute difference between the small model and the
 * freshly grafted large model (truncated after its last copied layer), per output and per copied layer.
 *
 * @param boards    positions compared
 * @param tolerance the largest absolute difference allowed in an output (float32); each layer has its own,
 *                  scaled by the size of its residual ({@link LayerDiff#tolerance()})
 * @param value     max |Δ| of the value logit
 * @param policy    max |Δ| of the policy logits (every move)
 * @param aux       max |Δ| of the auxiliary outputs (0 when the small model has no aux head)
 * @param layers    max |Δ| of the CLS residual after each copied layer, small layer 0 first
 * @param passed    every difference is within the tolerance (NaN never is)
 */
public record GraftCheck(int boards, double tolerance, double value, double policy, double aux,
                         List<LayerDiff> layers, boolean passed) {

    public GraftCheck {
        layers = List.copyOf(layers);
    }

    /**
     * The CLS residual after small layer {@code smallLayer} against that after large layer {@code largeLayer}.
     *
     * @param maxDiff   max |Δ| over boards and residual components
     * @param tolerance the largest |Δ| allowed: the check's tolerance × max(1, max |residual| of the small model
     *                  at this layer), since float32 rounding grows with the stream, which grows with depth
     */
    public record LayerDiff(int smallLayer, int largeLayer, double maxDiff, double tolerance) {
        public boolean passed() {
            return within(maxDiff, tolerance);
        }
    }

    /** A check from its differences; {@code passed} is derived. */
    static GraftCheck of(int boards, double tolerance, double value, double policy, double aux, List<LayerDiff> layers) {
        boolean ok = within(value, tolerance) && within(policy, tolerance) && within(aux, tolerance);
        for (LayerDiff l : layers) {
            ok &= l.passed();
        }
        return new GraftCheck(boards, tolerance, value, policy, aux, layers, ok);
    }

    static boolean within(double diff, double tolerance) {
        return diff <= tolerance;
    }

    /**
     * Every difference over the tolerance, in forward order (layers, then value, policy, aux), each as
     * e.g. "the CLS residual after large layer 2 (small layer 1) differs by 3.1e-02 (allowed 1.1e-04)"; empty
     * when passed.
     */
    public List<String> failures() {
        List<String> out = new ArrayList<>();
        for (LayerDiff l : layers) {
            if (!l.passed()) {
                out.add("the CLS residual after large layer " + l.largeLayer() + " (small layer " + l.smallLayer()
                        + ") differs by " + format(l.maxDiff()) + " (allowed " + format(l.tolerance()) + ")");
            }
        }
        if (!within(value, tolerance)) {
            out.add("the value output differs by " + format(value));
        }
        if (!within(policy, tolerance)) {
            out.add("the policy output differs by " + format(policy));
        }
        if (!within(aux, tolerance)) {
            out.add("the auxiliary output differs by " + format(aux));
        }
        return out;
    }

    /** One line for logs, e.g. {@code graft check passed on 64 boards (tolerance 1e-05): value 1.2e-07, ...}. */
    public String summary() {
        StringBuilder s = new StringBuilder("graft check ").append(passed ? "passed" : "FAILED").append(" on ")
                .append(boards).append(" boards (tolerance ").append(format(tolerance)).append("): value ")
                .append(format(value)).append(", policy ").append(format(policy)).append(", aux ").append(format(aux));
        for (LayerDiff l : layers) {
            s.append(", layer ").append(l.largeLayer()).append(' ').append(format(l.maxDiff()))
                    .append(" (allowed ").append(format(l.tolerance())).append(')');
        }
        return s.toString();
    }

    static String format(double v) {
        return String.format(Locale.ROOT, "%.1e", v);
    }
}
