package dev.graft.train;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

import java.time.Duration;
import java.util.Locale;

/** A console progress bar over training steps, or nothing when switched off. */
final class ProgressDisplay implements AutoCloseable {

    private final ProgressBar bar;

    private ProgressDisplay(ProgressBar bar) {
        this.bar = bar;
    }

    static ProgressDisplay open(boolean enabled, String label, long startStep, long totalSteps) {
        return open(enabled, label, startStep, totalSteps, null);
    }

    /** With {@code consumer} receiving the rendered lines (null: the console). */
    static ProgressDisplay open(boolean enabled, String label, long startStep, long totalSteps,
                                ProgressBarConsumer consumer) {
        if (!enabled) {
            return new ProgressDisplay(null);
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
        return new ProgressDisplay(builder.build());
    }

    void update(long step, double loss, double samplesPerSecond) {
        if (bar != null) {
            bar.stepTo(step);
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f, %.1f samples/s", loss, samplesPerSecond));
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
