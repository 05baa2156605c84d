package dev.graft.train;

import me.tongfei.progressbar.ProgressBarConsumer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressDisplayTest {

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
