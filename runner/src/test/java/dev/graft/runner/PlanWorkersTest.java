package dev.graft.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code graft plan --workers N}: the steps of per-game sampling estimated before the data exists, and the
 * wall time, critical path and CPU time of the stages left on N workers.
 */
class PlanWorkersTest {
    @TempDir
    Path dir;

    private Path spec() throws Exception {
        return Files.writeString(dir.resolve("s.yaml"), String.join("\n",
                "name: workers", "game: {name: domineering, board: 4}", "auxiliary: [sector-balance]",
                "data: {games: 1000, threads: 1, mix: [{generator: random, fraction: 0.3}, {generator: alphabeta, fraction: 0.7}]}",
                "models: {small: {d_model: 8, d_head: 4, heads: 2, layers: 1, d_mlp: 16},"
                        + " large: {d_model: 8, d_head: 4, heads: 2, layers: 2, d_mlp: 16}}",
                "training: {epochs: 3, batch: {small: 40, large: 20}, positions: {per_game: 5, validation_per_game: 2,"
                        + " min_ply: 2}}",
                "experiment: {seeds: [1, 2], conditions: {small: {model: small, auxiliary: true}, base: {model: large},"
                        + " graft: {model: large, graft: {from: small, strategy: offset}}},"
                        + " compare: [{a: graft, b: base}]}",
                ""));
    }

    private ExportCommandTest.Run plan(String... more) throws Exception {
        String[] base = {"plan", spec().toString(), "--cache", dir.resolve("cache").toString(), "--out",
                dir.resolve("run").toString()};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return ExportCommandTest.graft(all);
    }

    private static double hours(String text) {
        Matcher m = Pattern.compile("([0-9.]+) (s|min|h)").matcher(text);
        assertTrue(m.find(), text);
        double v = Double.parseDouble(m.group(1));
        return m.group(2).equals("s") ? v / 3600 : m.group(2).equals("min") ? v / 60 : v;
    }

    @Test
    void the_plan_estimates_steps_before_the_data_and_the_wall_time_falls_with_workers_to_the_critical_path()
            throws Exception {
        ExportCommandTest.Run one = plan("--workers", "1");
        assertEquals(0, one.code(), one.err());
        // 800 training games, less the share no longer than 2 plies (none on 4×4), × 5 × 3 epochs / batch 20
        assertTrue(one.out().contains("≈600"), one.out());
        assertTrue(one.out().contains("≈300"), one.out());
        assertFalse(one.out().contains("whose step count is known once the data exists"), one.out());
        Matcher line = Pattern.compile("on 1 worker × 1 core .*: wall ≈ (.*) over 4 waves; critical path ≈ (.*) \\((data"
                + " → train-small small seed=\\d → graft graft seed=\\d → train-large graft seed=\\d)\\); total CPU").matcher(one.out());
        assertTrue(line.find(), one.out());
        ExportCommandTest.Run many = plan("--workers", "8", "--cores-per-worker", "2");
        assertEquals(0, many.code(), many.err());
        Matcher wide = Pattern.compile("on 8 workers × 2 cores \\(16 stages at once.*: wall ≈ (.*) over 4 waves; critical"
                + " path ≈ (.*) \\(").matcher(many.out());
        assertTrue(wide.find(), many.out());
        double alone = hours(line.group(1));
        double spread = hours(wide.group(1));
        assertTrue(spread < alone, "more workers, less wall time: " + spread + " vs " + alone);
        assertTrue(spread >= hours(wide.group(2)) * 0.99, "never below the critical path");
    }

    @Test
    void the_plan_estimates_value_self_play_from_its_rounds_and_a_timed_forward_pass() throws Exception {
        Path spec = Files.writeString(dir.resolve("selfplay.yaml"), String.join("\n",
                "name: selfplay", "game: {name: domineering, board: 4}",
                "data: {games: 30, mix: [{generator: random, fraction: 0.5}, {generator: {name: value-selfplay,"
                        + " preset: study, games_per_round: 6, match_openings: 3, batch: 16, d_model: 8, heads: 2,"
                        + " d_head: 4, layers: 1, d_mlp: 16}, fraction: 0.5}]}",
                "models: {small: {d_model: 8, d_head: 4, heads: 2, layers: 1, d_mlp: 16},"
                        + " large: {d_model: 8, d_head: 4, heads: 2, layers: 2, d_mlp: 16}}",
                "training: {steps: 4, batch: {small: 8, large: 8}}",
                "experiment: {seeds: [1], conditions: {small: {model: small}}}", ""));
        ExportCommandTest.Run r = ExportCommandTest.graft("plan", spec.toString(), "--cache",
                dir.resolve("cache").toString(), "--out", dir.resolve("run").toString(), "--workers", "2");
        assertEquals(0, r.code(), r.err());
        // 15 self-play games: a 6-game round and its 6-game match, then a round of 6 that fills the batch
        assertTrue(r.out().contains("value-selfplay ≈ "), r.out());
        assertTrue(r.out().contains("(estimated: 18 network games in 3 rounds × "), r.out());
        assertTrue(r.out().contains(" + 8 training steps × "), r.out());
        assertFalse(r.out().contains("not counted: the data of value-selfplay"), r.out());
    }

    @Test
    void no_workers_exits_2_naming_the_option() throws Exception {
        for (String[] bad : new String[][] {{"--workers", "0"}, {"--workers", "2", "--cores-per-worker", "0"},
                {"--cores-per-worker", "2"}}) {
            ExportCommandTest.Run r = plan(bad);
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains(bad[bad.length - 2] + (bad[0].equals("--cores-per-worker") ? " needs" : " " + bad[bad.length - 1])),
                    r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
    }
}
