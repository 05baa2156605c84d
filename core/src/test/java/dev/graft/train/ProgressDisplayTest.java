package dev.graft.train;

import me.tongfei.progressbar.ProgressBarConsumer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressDisplayTest {

    @Test
    void bar_appends_a_listener_s_status_such_as_the_latest_probe_r2() {
        List<String> lines = new ArrayList<>();
        try (ProgressDisplay p = ProgressDisplay.open(true, "graft+aux", 0, 100, capture(lines))) {
            p.update(7, 0.5, 10.0, "R²@L2 0.312");
        }
        String last = lines.get(lines.size() - 1);
        assertTrue(last.contains("loss 0.5000, 10.0 samples/s, R²@L2 0.312"), last);
    }

    private static ProgressBarConsumer capture(List<String> lines) {
        return new ProgressBarConsumer() {
            @Override
            public int getMaxRenderedLength() {
                return 200;
            }

            @Override
            public void accept(String line) {
                lines.add(line);
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void bar_shows_label_step_loss_and_speed() {
        List<String> lines = new ArrayList<>();
        ProgressBarConsumer capture = new ProgressBarConsumer() {
            @Override
            public int getMaxRenderedLength() {
                return 200;
            }

            @Override
            public void accept(String line) {
                lines.add(line);
            }

            @Override
            public void close() {
            }
        };
        try (ProgressDisplay p = ProgressDisplay.open(true, "small+aux", 10, 100, capture)) {
            p.update(42, 0.5, 123.4);
        }
        String last = lines.get(lines.size() - 1);
        assertTrue(last.contains("small+aux") && last.contains("42/100") && last.contains("loss 0.5000")
                && last.contains("123.4 samples/s"), last);
    }
}
