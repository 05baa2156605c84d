package dev.graft.graft;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The result of {@link GraftVerifier}: the largest absolute difference between the small model and the
 * freshly grafted large model (truncated after its last copied layer), per output and per copied layer.
 *
 * @param boards    positions compared
 * @param tolerance the largest absolute difference allowed (float32)
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
     * @param maxDiff max |Δ| over boards and residual components
     */
    public record LayerDiff(int smallLayer, int largeLayer, double maxDiff) {
    }

    /** A check from its differences; {@code passed} is derived. */
    static GraftCheck of(int boards, double tolerance, double value, double policy, double aux, List<LayerDiff> layers) {
        boolean ok = within(value, tolerance) && within(policy, tolerance) && within(aux, tolerance);
        for (LayerDiff l : layers) {
            ok &= within(l.maxDiff(), tolerance);
        }
        return new GraftCheck(boards, tolerance, value, policy, aux, layers, ok);
    }

    static boolean within(double diff, double tolerance) {
        return diff <= tolerance;
    }

    /**
     * Every difference over the tolerance, in forward order (layers, then value, policy, aux), each as
     * e.g. "the CLS residual after large layer 2 (small layer 1) differs by 3.1e-02"; empty when passed.
     */
    public List<String> failures() {
        List<String> out = new ArrayList<>();
        for (LayerDiff l : layers) {
            if (!within(l.maxDiff(), tolerance)) {
                out.add("the CLS residual after large layer " + l.largeLayer() + " (small layer " + l.smallLayer()
                        + ") differs by " + format(l.maxDiff()));
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
            s.append(", layer ").append(l.largeLayer()).append(' ').append(format(l.maxDiff()));
        }
        return s.toString();
    }

    static String format(double v) {
        return String.format(Locale.ROOT, "%.1e", v);
    }
}
