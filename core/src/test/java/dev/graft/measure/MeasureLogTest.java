package dev.graft.measure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MeasureLogTest {
    @TempDir
    Path dir;

    @Test
    void rows_round_trip_in_full_precision_with_swept_names_quoted() throws Exception {
        MeasureLog log = new MeasureLog(dir.resolve("measures.csv"));
        MeasureRow swept = new MeasureRow("graft+aux[at=2,lr=0.001]", 42, 1000, 2, "head3", "drift.W_Q",
                0.1234567890123456789);
        MeasureRow nan = new MeasureRow("baseline", 123, 0, -1, "resid_post", "cka.start", Double.NaN);
        log.append(List.of(swept, nan));
        assertEquals(List.of(swept, nan), log.read());
        String text = Files.readString(log.file(), StandardCharsets.UTF_8);
        assertTrue(text.startsWith(MeasureLog.HEADER + "\n"), text);
        assertTrue(text.contains("\"graft+aux[at=2,lr=0.001]\",42,1000,2,head3,drift.W_Q,0.12345678901234568\n"), text);
    }

    @Test
    void rewind_drops_one_runs_rows_after_the_resumed_step_and_keeps_the_others() {
        MeasureLog log = new MeasureLog(dir.resolve("measures.csv"));
        for (long step : new long[] {0, 100, 200}) {
            log.append(List.of(new MeasureRow("a", 1, step, 0, "resid_post", "cka.start", step),
                    new MeasureRow("b", 1, step, 0, "resid_post", "cka.start", step)));
        }
        log.rewind("a", 1, 100);
        assertEquals(List.of(0L, 100L), log.read().stream().filter(r -> r.condition().equals("a")).map(MeasureRow::step).toList());
        assertEquals(3, log.read().stream().filter(r -> r.condition().equals("b")).count());
        log.rewind("b", 1, -1);
        assertEquals(0, log.read().stream().filter(r -> r.condition().equals("b")).count());
        log.drop("a", 1, 100);
        assertEquals(List.of(0L), log.read().stream().map(MeasureRow::step).toList());
    }

    @Test
    void a_file_that_is_not_a_measures_file_is_refused_not_overwritten() throws Exception {
        Path file = Files.writeString(dir.resolve("measures.csv"), "condition,seed,step,layer,probe,r2\n");
        MeasureLog log = new MeasureLog(file);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> log.append(List.of(new MeasureRow("a", 1, 0, 0, "c", "m", 1))));
        assertTrue(e.getMessage().contains("not the measures.csv header"), e.getMessage());
        assertEquals("condition,seed,step,layer,probe,r2\n", Files.readString(file));
    }
}
