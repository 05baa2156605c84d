package dev.graft.train;

/**
 * Linear warm-up then cosine decay to 0 over all steps, the convention of Hugging Face's
 * {@code get_cosine_schedule_with_warmup}; with no warm-up it equals torch's
 * {@code CosineAnnealingLR(T_max = totalSteps, eta_min = 0)}.
 * <p>
 * {@code lr(s)} is the rate of the update that takes the model from {@code s} to {@code s + 1} finished
 * steps: {@code peak·s/warmup} while {@code s < warmup}, then
 * {@code peak·½·(1 + cos(π·(s − warmup)/(total − warmup)))}, reaching 0 at {@code s = total}.
 *
 * @param peak        learning rate at the end of the warm-up (the spec's {@code lr})
 * @param warmupSteps linear warm-up steps, 0 for none
 * @param totalSteps  steps of the whole run
 */
public record LearningRateSchedule(double peak, long warmupSteps, long totalSteps) {

    public LearningRateSchedule {
        if (!(peak > 0) || Double.isInfinite(peak)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + peak);
        }
        if (totalSteps < 1 || warmupSteps < 0 || warmupSteps >= totalSteps) {
            throw new IllegalArgumentException("need 0 ≤ warmup_steps < total steps, got warmup " + warmupSteps
                    + " of " + totalSteps + " steps");
        }
    }

    /** Learning rate of update {@code step} (0-based); 0 at and after {@code totalSteps}. */
    public double lr(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be ≥ 0, got " + step);
        }
        if (step >= totalSteps) {
            return 0;
        }
        if (step < warmupSteps) {
            return peak * step / warmupSteps;
        }
        double progress = (double) (step - warmupSteps) / (totalSteps - warmupSteps);
        return peak * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
