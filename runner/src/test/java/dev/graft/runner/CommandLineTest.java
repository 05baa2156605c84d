package dev.graft.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command-line contract: exit codes, messages without stack traces, nothing written on bad input, resume. */
class CommandLineTest {

    @TempDir
    Path tmp;

    private record Result(int code, String out, String err) {
    }

    private Result graft(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private Path spec(String name, String yaml) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, yaml);
        return p;
    }

    private static final String TINY = """
            name: tiny
            game: {name: domineering, board: 4}
            auxiliary: [{name: sector-balance, sector: 2}]
            data: {generator: random, games: 30, threads: 1}
            models:
              small: {d_model: 8, d_head: 4, heads: 2, layers: 1, d_mlp: 16}
              large: {d_model: 8, d_head: 4, heads: 2, layers: 2, d_mlp: 16}
            training: {steps: 3, batch: {small: 8, large: 8}, validate_every: 2, checkpoint_every: 2,
                       quick_validation_positions: 8}
            experiment: {seeds: [1]}
            """;

    @Test
    void plugins_lists_every_kind_with_the_built_in_plugins() {
        Result r = graft("plugins");
        assertEquals(0, r.code(), r.err());
        for (String s : new String[]{"game plugins", "auxiliary-task plugins", "game-generator plugins",
                "graft-strategy plugins", "probe plugins", "fit-model plugins", "domineering", "sector-balance",
                "alphabeta", "random"}) {
            assertTrue(r.out().contains(s), s + " missing in:\n" + r.out());
        }
    }

    @Test
    void validate_prints_the_resolved_spec_with_defaults() throws Exception {
        Result r = graft("validate", spec("tiny.yaml", TINY).toString(), "--set", "training.lr=1e-3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("lr: 0.001"), r.out());
        assertTrue(r.out().contains("weight_decay: 0.01"), r.out());
    }

    @Test
    void a_bad_spec_exits_2_naming_file_line_and_fix_and_writes_nothing() throws Exception {
        Path bad = spec("bad.yaml", TINY.replace("name: tiny", "name: tiny\ntrainig: {}"));
        Path out = tmp.resolve("out");
        Result r = graft("run", bad.toString(), "--out", out.toString(), "--cache", tmp.resolve("cache").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("bad.yaml:2:1"), r.err());
        assertTrue(r.err().contains("Did you mean 'training'?"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(Files.exists(out), "nothing may be written for a bad spec");
        assertFalse(Files.exists(tmp.resolve("cache")));
    }

    @Test
    void a_negative_block_length_or_an_empty_alpha_range_exits_2_at_its_line_and_writes_nothing() throws Exception {
        for (String[] bad : new String[][] {{"analysis: {block_length: -1}", "block_length", "got -1"},
                {"analysis: {alpha_sweep: 10, alpha_range: [10, 0.1]}", "alpha_range", "is empty"}}) {
            Path file = spec("analysis-" + bad[1] + ".yaml", TINY + bad[0] + "\n");
            int line = (int) TINY.lines().count() + 1;
            Path out = tmp.resolve("out-" + bad[1]);
            Result r = graft("run", file.toString(), "--out", out.toString(), "--cache", tmp.resolve("cache").toString());
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains(file.getFileName() + ":" + line + ":"), r.err());
            assertTrue(r.err().contains(bad[2]), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
            assertFalse(Files.exists(out), "nothing may be written for a bad spec");
        }
    }

    @Test
    void a_bad_set_override_exits_2_naming_the_argument() throws Exception {
        Result r = graft("validate", spec("tiny.yaml", TINY).toString(), "--set", "game.board=1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--set game.board=1"), r.err());
    }

    @Test
    void bench_train_rejects_a_negative_concurrent_count_with_exit_2() {
        Result r = graft("bench", "train", "--concurrent", "-1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--concurrent -1"), r.err());
    }

    @Test
    void unknown_plugin_names_list_the_available_ones() throws Exception {
        Result r = graft("validate", spec("tiny.yaml", TINY.replace("generator: random", "generator: randm")).toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("alphabeta") && r.err().contains("random"), r.err());
    }

    @Test
    void every_subcommand_answers_help() {
        for (String[] cmd : new String[][]{{"run", "--help"}, {"validate", "--help"}, {"plan", "--help"},
                {"plugins", "--help"}, {"data", "dump", "--help"}, {"bench", "train", "--help"}, {"export", "--help"}}) {
            Result r = graft(cmd);
            assertEquals(0, r.code(), String.join(" ", cmd) + ": " + r.err());
            assertTrue(r.out().startsWith("Usage: graft " + cmd[0]), r.out());
        }
    }

    @Test
    void missing_spec_file_and_unknown_command_exit_2() {
        assertEquals(2, graft("run", tmp.resolve("nope.yaml").toString()).code());
        assertEquals(2, graft("frobnicate").code());
    }

    @Test
    void run_then_rerun_reuses_every_stage_and_a_different_spec_is_refused() throws Exception {
        Path s = spec("tiny.yaml", TINY);
        Path out = tmp.resolve("run");
        String cache = tmp.resolve("cache").toString();
        Result first = graft("run", s.toString(), "--out", out.toString(), "--cache", cache, "--no-progress");
        assertEquals(0, first.code(), first.err());
        assertTrue(Files.isRegularFile(out.resolve("spec.resolved.yaml")));
        assertTrue(Files.isRegularFile(out.resolve("provenance.json")));
        String metrics = Files.readString(out.resolve("metrics.jsonl"));
        for (String condition : new String[]{"small+aux", "small-aux", "baseline", "graft+aux", "graft-aux"}) {
            assertTrue(metrics.contains("{\"condition\":\"" + condition + "\",\"seed\":1,"), condition);
            assertTrue(Files.isRegularFile(out.resolve("checkpoints/" + condition + "/seed-1/step-000003.ckpt")), condition);
            assertTrue(first.out().lines().anyMatch(l -> l.startsWith(condition + " ") && l.contains(" 1 ")),
                    "summary row of " + condition + ":\n" + first.out());
        }
        assertTrue(Files.isRegularFile(out.resolve("checkpoints/graft+aux/seed-1/step-000000.ckpt")),
                "the grafted model before training is kept");
        assertTrue(Files.isRegularFile(out.resolve("graft-check/graft+aux-seed1/small_layer0.npy")));
        assertTrue(Files.readString(out.resolve("provenance.json")).contains("\"train-large graft+aux seed=1\""));

        Result plan = graft("plan", s.toString(), "--out", out.toString(), "--cache", cache, "--no-measure");
        assertEquals(0, plan.code(), plan.err());
        assertEquals(9, plan.out().lines().filter(l -> l.contains(" cached ")).count(), plan.out());

        Result again = graft("run", s.toString(), "--out", out.toString(), "--cache", cache, "--no-progress");
        assertEquals(0, again.code(), again.err());

        assertTrue(Files.readString(out.resolve("run-status.json")).contains("\"finished\""), "graft report may read it");
        long before;
        try (Stream<Path> files = Files.list(out)) {
            before = files.count();
        }
        Result other = graft("run", s.toString(), "--out", out.toString(), "--cache", cache, "--set", "seed=7");
        assertEquals(2, other.code());
        assertTrue(other.err().contains("different spec"), other.err());
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(before, files.count(), "the refused run wrote nothing");
        }
    }

    @Test
    void bench_engine_prints_a_table_and_json_lines() {
        Result r = graft("bench", "engine", "--board", "4", "--seconds", "0.2", "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("random-playouts"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("{\"bench\": \"random-playouts\", \"value\": ")), r.out());
    }
}
