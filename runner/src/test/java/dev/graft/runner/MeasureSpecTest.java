package dev.graft.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The spec's {@code measures}: refused before any work when wrong, and measures.csv from a tiny run. */
class MeasureSpecTest {
    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
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

    private static final String TINY = """
            name: tiny
            game: {name: domineering, board: 4}
            auxiliary: [{name: sector-balance, sector: 2}]
            data: {generator: random, games: 40, threads: 1}
            models:
              small: {d_model: 8, d_head: 4, heads: 2, layers: 1, d_mlp: 16}
              large: {d_model: 8, d_head: 4, heads: 3, layers: 2, d_mlp: 24}
            training: {steps: 4, batch: {small: 8, large: 8}, validate_every: 2, checkpoint_every: 2,
                       quick_validation_positions: 8, positions: {validation_per_game: 8}}
            probes: [{name: ridge, every: 2, positions: 40, final_positions: 0}]
            experiment:
              seeds: [1]
              conditions:
                small+aux: {model: small, auxiliary: true}
                baseline: {model: large}
                graft+aux: {model: large, graft: {from: small+aux}}
              compare: [{a: graft+aux, b: baseline}]
            """;

    private Path spec(String measures) throws Exception {
        Path p = tmp.resolve("spec.yaml");
        Files.writeString(p, TINY + "measures:\n" + measures);
        return p;
    }

    private Result refused(String measures) throws Exception {
        Path out = tmp.resolve("out");
        Result r = graft("run", spec(measures).toString(), "--out", out.toString(), "--cache",
                tmp.resolve("cache").toString(), "--no-progress");
        assertEquals(2, r.code(), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(Files.exists(out), "nothing is written for a bad spec");
        return r;
    }

    @Test
    void an_unknown_measure_is_refused_with_the_known_ones() throws Exception {
        Result r = refused("  - {name: ckaa}\n");
        assertTrue(r.err().contains("spec.yaml:19") && r.err().contains("cka"), r.err());
    }

    @Test
    void an_unknown_option_is_refused_at_its_line() throws Exception {
        Result r = refused("  - cka\n  - {name: drift, alpha: 2}\n");
        assertTrue(r.err().contains("spec.yaml:20") && r.err().contains("alpha"), r.err());
    }

    @Test
    void a_layer_the_large_model_lacks_is_refused() throws Exception {
        Result r = refused("  - {name: cka, layers: [0, 2]}\n");
        assertTrue(r.err().contains("spec.yaml:19") && r.err().contains("layer 2 does not exist")
                && r.err().contains("use 0 to 1"), r.err());
    }

    @Test
    void a_measure_that_needs_a_source_on_a_condition_that_is_not_grafted_is_refused() throws Exception {
        Result r = refused("  - {name: drift, conditions: [baseline]}\n");
        assertTrue(r.err().contains("spec.yaml:19") && r.err().contains("'baseline' is not grafted")
                && r.err().contains("graft+aux"), r.err());
        Result attention = refused("  - {name: attention, conditions: [baseline]}\n");
        assertTrue(attention.err().contains("spec.yaml:19") && attention.err().contains("'baseline' is not grafted"),
                attention.err());
        Result small = refused("  - {name: cka, conditions: [small+aux]}\n");
        assertTrue(small.err().contains("not a large condition"), small.err());
    }

    @Test
    void a_run_writes_measures_at_step_zero_and_the_probe_steps_and_drift_starts_at_zero() throws Exception {
        Path out = tmp.resolve("run");
        Result r = graft("run", spec("  - cka\n  - drift\n  - {name: ablation, modes: zero}\n  - patching\n  - attention\n").toString(),
                "--out", out.toString(), "--cache", tmp.resolve("cache").toString(), "--no-progress", "--parallel", "1");
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(out.resolve("measures.csv"));
        assertEquals("condition,seed,step,layer,component,measure,value", lines.get(0));
        List<String[]> rows = lines.stream().skip(1).map(l -> l.split(",")).toList();
        assertTrue(rows.stream().anyMatch(f -> f[0].equals("baseline") && f[5].equals("cka.start")), "baseline measured");
        assertTrue(rows.stream().noneMatch(f -> f[0].equals("baseline") && f[5].startsWith("drift.")), "drift needs a source");
        assertTrue(rows.stream().anyMatch(f -> f[0].equals("baseline") && f[5].startsWith("ablate.zero.")),
                "the baseline's same indices are ablated as a control");
        for (String step : new String[] {"0", "2", "4"}) {
            assertTrue(rows.stream().anyMatch(f -> f[0].equals("graft+aux") && f[2].equals(step) && f[5].equals("cka.source")),
                    "graft+aux measured at step " + step);
        }
        rows.stream().filter(f -> f[0].equals("graft+aux") && f[2].equals("0") && f[5].startsWith("drift."))
                .forEach(f -> assertEquals(0.0, Double.parseDouble(f[6]), 0.0, String.join(",", f)));
        rows.stream().filter(f -> f[0].equals("graft+aux") && f[2].equals("0") && f[5].startsWith("patch."))
                .forEach(f -> assertEquals(0.0, Double.parseDouble(f[6]), 1e-6, String.join(",", f)));
        List<String[]> attention = rows.stream().filter(f -> f[5].startsWith("attention.")).toList();
        assertTrue(attention.stream().anyMatch(f -> f[0].equals("graft+aux") && f[2].equals("0")), "attention measured");
        assertTrue(attention.stream().noneMatch(f -> f[0].equals("baseline")), "attention needs a source");
        attention.stream().filter(f -> f[2].equals("0"))
                .forEach(f -> assertEquals(0.0, Double.parseDouble(f[6]), 1e-5, String.join(",", f)));

        // the same spec again reuses every stage, measures included
        Result again = graft("run", spec("  - cka\n  - drift\n  - {name: ablation, modes: zero}\n  - patching\n  - attention\n").toString(),
                "--out", out.toString(), "--cache", tmp.resolve("cache").toString(), "--no-progress");
        assertEquals(0, again.code(), again.err());
        assertEquals(lines, Files.readAllLines(out.resolve("measures.csv")));
    }
}
