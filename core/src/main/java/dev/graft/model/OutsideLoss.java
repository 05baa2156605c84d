package dev.graft.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Which parameters of a {@link Transformer} a loss does not reach: the head of every term whose weight
 * is 0 (the auxiliary head of a model trained without the auxiliary loss, as every large model is).
 * An optimizer leaves them alone, as PyTorch's does for a parameter that gets no gradient.
 */
public final class OutsideLoss {
    private OutsideLoss() {
    }

    /** Indices into {@code names} (a model's parameter names) of the heads whose loss weight is 0. */
    public static List<Integer> indices(List<String> names, LossWeights weights) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String head = names.get(i).contains(".") ? names.get(i).substring(0, names.get(i).indexOf('.')) : "";
            boolean unreached = switch (head) {
                case "aux" -> weights.aux() == 0;
                case "value" -> weights.value() == 0;
                case "policy" -> weights.policy() == 0;
                default -> false;
            };
            if (unreached) {
                out.add(i);
            }
        }
        return out;
    }
}
