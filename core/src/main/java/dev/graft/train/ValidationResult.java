package dev.graft.train;

import dev.graft.model.Evaluation;
import dev.graft.model.LossParts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validation metrics at one step, averaged over the positions scored.
 *
 * @param split         {@code quick} (a step-keyed sample) or {@code full} (the whole validation epoch)
 * @param step          finished training steps when it was measured
 * @param loss          position-weighted mean loss terms
 * @param valueAccuracy share of positions whose value prediction has the outcome's side
 * @param policyTop1    share of positions whose best legal move is the move played
 * @param positions     positions scored
 * @param hasAux        whether the positions had auxiliary targets (otherwise {@code loss.aux()} means nothing)
 */
public record ValidationResult(String split, long step, LossParts loss, double valueAccuracy, double policyTop1,
                               int positions, boolean hasAux) {

    /** Position-weighted mean of batch evaluations. */
    static ValidationResult combine(String split, long step, List<Evaluation> parts, boolean hasAux) {
        double total = 0;
        double value = 0;
        double policy = 0;
        double aux = 0;
        double valueAcc = 0;
        double top1 = 0;
        int n = 0;
        for (Evaluation e : parts) {
            int c = e.count();
            total += e.loss().total() * c;
            value += e.loss().value() * c;
            policy += e.loss().policy() * c;
            aux += e.loss().aux() * c;
            valueAcc += e.valueAccuracy() * c;
            top1 += e.policyTop1() * c;
            n += c;
        }
        if (n == 0) {
            throw new IllegalStateException(split + " validation at step " + step + " scored no positions");
        }
        return new ValidationResult(split, step, new LossParts(total / n, value / n, policy / n, aux / n),
                valueAcc / n, top1 / n, n, hasAux);
    }

    /** The metrics.jsonl record. */
    public Map<String, Object> toRecord(String label) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("step", step);
        r.put("label", label);
        r.put("split", split);
        r.put("positions", positions);
        r.put("loss", loss.total());
        r.put("value_loss", loss.value());
        r.put("value_accuracy", valueAccuracy);
        r.put("policy_loss", loss.policy());
        r.put("policy_top1", policyTop1);
        if (hasAux) {
            r.put("aux_loss", loss.aux());
        }
        return r;
    }
}
