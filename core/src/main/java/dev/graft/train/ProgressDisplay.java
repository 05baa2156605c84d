package dev.graft.train;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

import java.time.Duration;
import java.util.Locale;

/**
 * A console progress bar over training steps; when switched off (tests, output not a terminal), a
 * log line every {@link #LOG_INTERVAL_NANOS} instead, so long runs still show progress in logs.
 */
final class ProgressDisplay implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ProgressDisplay.class);
    static final long LOG_INTERVAL_NANOS = 30_000_000_000L;

    private final ProgressBar bar;
    private final String label;
    private final long startStep;
    private final long totalSteps;
    private final long startNanos = System.nanoTime();
    private long lastLogNanos = startNanos;

    private ProgressDisplay(ProgressBar bar, String label, long startStep, long totalSteps) {
        this.bar = bar;
        this.label = label;
        this.startStep = startStep;
        this.totalSteps = totalSteps;
    }

    static ProgressDisplay open(boolean enabled, String label, long startStep, long totalSteps) {
        return open(enabled, label, startStep, totalSteps, null);
    }

    /** With {@code consumer} receiving the rendered lines (null: the console). */
    static ProgressDisplay open(boolean enabled, String label, long startStep, long totalSteps,
                                ProgressBarConsumer consumer) {
        if (!enabled) {
            return new ProgressDisplay(null, label, startStep, totalSteps);
        }
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName("train " + label)
                .setInitialMax(totalSteps)
                .startsFrom(startStep, Duration.ZERO)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .setUnit(" steps", 1);
        if (consumer != null) {
            builder.setConsumer(consumer);
        }
        return new ProgressDisplay(builder.build(), label, startStep, totalSteps);
    }

    void update(long step, double loss, double samplesPerSecond) {
        update(step, loss, samplesPerSecond, "");
    }

    /** @param status extra words appended to the line (e.g. a probe's latest {@code R²@L2 0.312}); "" for none */
    void update(long step, double loss, double samplesPerSecond, String status) {
        String extra = status == null || status.isBlank() ? "" : ", " + status;
        if (bar != null) {
            bar.stepTo(step);
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f, %.1f samples/s", loss, samplesPerSecond) + extra);
            return;
        }
        long now = System.nanoTime();
        if (now - lastLogNanos >= LOG_INTERVAL_NANOS && step > startStep) {
            lastLogNanos = now;
            double perStep = (now - startNanos) / 1e9 / (step - startStep);
            long etaSeconds = Math.round(perStep * (totalSteps - step));
            LOG.info(String.format(Locale.ROOT, "%s: step %d/%d, loss %.4f, %.1f samples/s%s, ETA %dm%02ds", label, step,
                    totalSteps, loss, samplesPerSecond, extra, etaSeconds / 60, etaSeconds % 60));
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
