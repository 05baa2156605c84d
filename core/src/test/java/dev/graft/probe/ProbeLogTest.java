package dev.graft.probe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProbeLogTest {
    @TempDir
    Path dir;

    private static ProbeRow row(String condition, long seed, long step, String probe) {
        return new ProbeRow(condition, seed, step, 2, probe, 0.1 + step / 1e4, 1.0, 800, 200, ProbeRow.PERIODIC);
    }

    @Test
    void rows_are_written_under_the_contract_header_in_full_precision() throws Exception {
        ProbeLog log = new ProbeLog(dir.resolve("probes.csv"));
        ProbeRow exact = new ProbeRow("graft+aux", 42, 1000, 2, "ridge", 0.31234567890123455, Double.NaN, 800, 200,
                ProbeRow.FINAL);
        log.append(List.of(exact, row("baseline", 42, 1000, "ridge/shuffled")));
        List<String> lines = Files.readAllLines(log.file());
        assertEquals("condition,seed,step,layer,probe,r2,alpha,n_train,n_heldout,set", lines.get(0));
        assertTrue(lines.get(0).startsWith("condition,seed,step,layer,probe,r2"), "the contract's first columns");
        assertEquals("graft+aux,42,1000,2,ridge,0.31234567890123455,,800,200,final", lines.get(1));
        List<ProbeRow> back = log.read();
        assertEquals(2, back.size());
        assertEquals(exact.r2(), back.get(0).r2(), 0.0);
        assertTrue(Double.isNaN(back.get(0).alpha()));
        assertEquals(row("baseline", 42, 1000, "ridge/shuffled"), back.get(1));
    }

    @Test
    void rewinding_drops_only_that_run_s_rows_after_the_step() {
        ProbeLog log = new ProbeLog(dir.resolve("probes.csv"));
        log.append(List.of(row("a", 1, 0, "ridge@init"), row("a", 1, 1000, "ridge"), row("a", 1, 2000, "ridge"),
                row("a", 2, 2000, "ridge"), row("b", 1, 3000, "ridge")));
        log.rewind("a", 1, 1000);
        assertEquals(List.of(row("a", 1, 0, "ridge@init"), row("a", 1, 1000, "ridge"), row("a", 2, 2000, "ridge"),
                row("b", 1, 3000, "ridge")), log.read());
        log.rewind("b", 1, -1);
        assertEquals(3, log.read().size());
    }

    @Test
    void a_row_cut_off_by_a_kill_is_skipped_and_never_glued_to_the_next_one() throws Exception {
        ProbeLog log = new ProbeLog(dir.resolve("probes.csv"));
        log.append(List.of(row("a", 1, 1000, "ridge")));
        Files.writeString(log.file(), "a,1,2000,2,ridge,0.3", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertEquals(1, log.read().size(), "the unterminated row is not read");
        log.append(List.of(row("a", 1, 3000, "ridge")));
        assertEquals(List.of(row("a", 1, 1000, "ridge"), row("a", 1, 3000, "ridge")), log.read());
        log.rewind("a", 1, 5000);
        assertEquals(3, Files.readAllLines(log.file()).size(), "the broken line is gone after a rewrite");
    }

    @Test
    void names_with_commas_are_quoted() {
        ProbeLog log = new ProbeLog(dir.resolve("probes.csv"));
        log.append(List.of(row("odd,name \"x\"", 3, 5, "ridge")));
        assertEquals("odd,name \"x\"", log.read().get(0).condition());
    }

    @Test
    void a_file_with_another_header_is_refused_rather_than_mixed() throws Exception {
        Path f = dir.resolve("probes.csv");
        Files.writeString(f, "something,else\n1,2\n");
        ProbeLog log = new ProbeLog(f);
        assertThrows(IllegalStateException.class, () -> log.append(List.of(row("a", 1, 1, "ridge"))));
        assertThrows(IllegalStateException.class, () -> log.rewind("a", 1, 0));
    }
}
