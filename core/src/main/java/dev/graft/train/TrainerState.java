package dev.graft.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a trainer's checkpoint holds beside the arrays: the optimizer's hyper-parameters and step count,
 * the schedule, the training settings, the last record of each kind logged to {@code metrics.jsonl} and
 * the best full validation so far. It writes itself into a checkpoint's {@code meta.json} (the keys of
 * docs/checkpoint-format.md: {@code optimizer}, {@code schedule}, {@code config}, {@code metrics},
 * {@code best}) and reads itself back, so a resumed run continues with exactly the state it stopped with.
 *
 * @param optimizer the AdamW settings and step count
 * @param schedule  the learning-rate schedule (its peak is also the {@code optimizer}'s {@code lr}); null only
 *                  in a checkpoint that recorded none
 * @param config    the training settings as written ({@link TrainingConfig#toMap()})
 * @param lastTrain the last training record, or null
 * @param lastQuick the last quick-validation record, or null
 * @param lastFull  the last full-validation record, or null
 * @param best      the best full validation so far, or null before the first
 */
public record TrainerState(Optimizer optimizer, LearningRateSchedule schedule, Map<String, Object> config,
                           Map<String, Object> lastTrain, Map<String, Object> lastQuick,
                           Map<String, Object> lastFull, Best best) {

    /**
     * AdamW as the checkpoint records it ({@code optimizer}, whose {@code lr} is the schedule's peak);
     * {@code step} is torch's {@code state["step"]}.
     */
    public record Optimizer(double weightDecay, double beta1, double beta2, double eps, long step) {
    }

    /**
     * The best full validation so far ({@code best}): the step it was taken at, its total loss, and
     * its record.
     */
    public record Best(long step, double loss, Map<String, Object> validation) {
    }

    /** The entries written before {@code provenance}: {@code optimizer}, {@code schedule}, {@code config}. */
    Map<String, Object> settingsJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        Map<String, Object> opt = new LinkedHashMap<>();
        opt.put("type", "adamw");
        if (schedule != null) {
            opt.put("lr", schedule.peak());
        }
        opt.put("weight_decay", optimizer.weightDecay());
        opt.put("beta1", optimizer.beta1());
        opt.put("beta2", optimizer.beta2());
        opt.put("eps", optimizer.eps());
        opt.put("step", optimizer.step());
        json.put("optimizer", opt);
        if (schedule != null) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("type", "cosine");
            s.put("peak_lr", schedule.peak());
            s.put("warmup_steps", schedule.warmupSteps());
            s.put("total_steps", schedule.totalSteps());
            json.put("schedule", s);
        }
        json.put("config", config);
        return json;
    }

    /** The entries written after {@code provenance}: {@code metrics} and {@code best}. */
    Map<String, Object> progressJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("train", lastTrain);
        metrics.put("quick", lastQuick);
        metrics.put("full", lastFull);
        json.put("metrics", metrics);
        if (best == null) {
            json.put("best", null);
        } else {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("step", best.step());
            b.put("loss", best.loss());
            b.put("validation", best.validation());
            json.put("best", b);
        }
        return json;
    }

    /** The keys this record reads and writes. */
    static boolean isOwnKey(String key) {
        return switch (key) {
            case "optimizer", "schedule", "config", "metrics", "best" -> true;
            default -> false;
        };
    }

    /**
     * Reads the state from a parsed {@code meta.json}; null when it has no {@code optimizer} (a checkpoint
     * no trainer wrote, e.g. an initialisation or a graft at step 0).
     */
    @SuppressWarnings("unchecked")
    static TrainerState fromJson(Map<String, Object> json, long step, Path file) {
        if (!(json.get("optimizer") instanceof Map<?, ?> o)) {
            return null;
        }
        Optimizer optimizer;
        try {
            optimizer = new Optimizer(number(o, "weight_decay"), number(o, "beta1"), number(o, "beta2"),
                    number(o, "eps"), o.get("step") instanceof Number n ? n.longValue() : step);
        } catch (RuntimeException e) {
            throw new CheckpointException(file, "meta.json 'optimizer' lacks one of weight_decay, beta1, beta2, eps: "
                    + o, e);
        }
        LearningRateSchedule schedule = null;
        if (json.get("schedule") instanceof Map<?, ?> s) {
            schedule = new LearningRateSchedule(number(s, "peak_lr"), ((Number) s.get("warmup_steps")).longValue(),
                    ((Number) s.get("total_steps")).longValue());
        }
        Map<String, Object> config = json.get("config") instanceof Map<?, ?> c ? (Map<String, Object>) c : null;
        Map<String, Object> train = null;
        Map<String, Object> quick = null;
        Map<String, Object> full = null;
        if (json.get("metrics") instanceof Map<?, ?> metrics) {
            train = (Map<String, Object>) metrics.get("train");
            quick = (Map<String, Object>) metrics.get("quick");
            full = (Map<String, Object>) metrics.get("full");
        }
        Best best = null;
        if (json.get("best") instanceof Map<?, ?> b && b.get("loss") instanceof Number loss) {
            best = new Best(b.get("step") instanceof Number st ? st.longValue() : step, loss.doubleValue(),
                    (Map<String, Object>) b.get("validation"));
        }
        return new TrainerState(optimizer, schedule, config, train, quick, full, best);
    }

    private static double number(Map<?, ?> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }
}
