package dev.graft.runner;

import dev.graft.pipeline.ArtifactCache;
import dev.graft.pipeline.Planner;
import dev.graft.pipeline.Provenance;
import dev.graft.pipeline.RunDirectory;
import dev.graft.pipeline.RunPlan;
import dev.graft.pipeline.RunRecorder;
import dev.graft.pipeline.RunSetup;
import dev.graft.pipeline.SequentialExecutor;
import dev.graft.pipeline.Stage;
import dev.graft.pipeline.StageGraph;
import dev.graft.pipeline.StageListener;
import dev.graft.pipeline.StepTimes;
import dev.graft.pipeline.TrainStage;
import dev.graft.plugin.PluginCatalog;
import dev.graft.spec.GraftSpec;
import dev.graft.spec.SpecLoader;
import dev.graft.spi.GraftPlan;
import dev.graft.spi.GraftStrategy;
import dev.graft.spi.ModelShape;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;
import dev.graft.train.CheckpointStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The experiment as a DAG on a tiny spec with the real plugins: a sweep trains shared stages once,
 * another spec reuses what it shares, the large conditions of a seed share one initialisation, the
 * planner reports cached / partial / to-run, a partly trained stage resumes to identical results,
 * and a graft that changes the function stops the run.
 */
class ExperimentRunTest {
    static final String TINY = """
            game: {name: domineering, board: 4}
            auxiliary: [{name: sector-balance, sector: 2}]
            data: {generator: random, games: 40, threads: 1}
            models:
              small: {d_model: 8, d_head: 4, heads: 2, layers: 1, d_mlp: 16}
              large: {d_model: 8, d_head: 4, heads: 3, layers: 2, d_mlp: 24}
            training: {steps: 6, batch: {small: 8, large: 8}, validate_every: 2, checkpoint_every: 2,
                       quick_validation_positions: 8}
            probes: [{name: ridge, every: 2, positions: 20, final_positions: 24}]
            analysis: {bootstrap: 100}
            """;

    static PluginCatalog catalog;

    @TempDir
    Path tmp;

    @BeforeAll
    static void plugins() {
        catalog = Graft.injector(List.of()).getInstance(PluginCatalog.class);
    }

    /** What one run did: the ids of the stages it ran and of those it reused. */
    record Outcome(List<String> ran, List<String> reused, StageGraph graph, Path out) {
        long ran(String kind) {
            return ran.stream().filter(id -> id.startsWith(kind + " ") || id.equals(kind)).count();
        }
    }

    GraftSpec load(String name, String yaml, PluginCatalog plugins) throws IOException {
        Path file = Files.writeString(tmp.resolve(name + ".yaml"), "name: " + name + "\n" + TINY + yaml);
        return new SpecLoader(plugins).load(file);
    }

    static Outcome run(GraftSpec spec, PluginCatalog plugins, Path out, Path cache) throws Exception {
        RunSetup setup = new RunSetup(spec, plugins, out, cache, false);
        StageGraph graph = RunPlan.of(setup);
        RunDirectory dir = RunDirectory.open(out, spec.toResolvedYaml(),
                Provenance.now("test", spec.hashOf(""), spec.experiment().seeds()).withStages(graph.describe()));
        RunRecorder recorder = new RunRecorder(graph, dir, setup.cache());
        List<String> ran = new ArrayList<>();
        List<String> reused = new ArrayList<>();
        new SequentialExecutor().execute(graph, new StageListener() {
            @Override
            public void reusing(Stage stage, int index, int count) {
                reused.add(stage.id());
            }

            @Override
            public void running(Stage stage, int index, int count, dev.graft.pipeline.StageState before) {
                ran.add(stage.id());
            }

            @Override
            public void finished(Stage stage) throws Exception {
                recorder.finished(stage);
            }
        });
        recorder.writeMetrics();
        return new Outcome(ran, reused, graph, out);
    }

    static List<Planner.Row> plan(GraftSpec spec, Path out, Path cache) {
        RunSetup setup = new RunSetup(spec, catalog, out, cache, false);
        return Planner.plan(RunPlan.of(setup), setup.cache(), new StepTimes(setup.cache(), null, false), out);
    }

    static Planner.Row row(List<Planner.Row> rows, String id) {
        return rows.stream().filter(r -> r.stage().id().equals(id)).findFirst().orElseThrow(() -> new AssertionError(
                "no stage " + id + " in " + rows.stream().map(r -> r.stage().id()).toList()));
    }

    private static List<String> folders(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void a_sweep_trains_the_small_model_and_the_baseline_once_for_all_its_variants() throws Exception {
        GraftSpec spec = load("sweep", """
                experiment:
                  seeds: [1]
                  conditions:
                    small+aux: {model: small, auxiliary: true}
                    baseline: {model: large}
                    graft+aux: {model: large, graft: {from: small+aux, strategy: offset}}
                  compare: [{a: graft+aux, b: baseline}]
                sweep: {experiment.conditions.graft+aux.graft.strategy.at: [0, 1]}
                """, catalog);
        Path out = tmp.resolve("run");
        Outcome first = run(spec, catalog, out, tmp.resolve("cache"));
        assertEquals(1, first.ran("data"));
        assertEquals(1, first.ran("train-small"), first.ran().toString());
        assertEquals(1, first.ran("init-large"));
        assertEquals(2, first.ran("graft"));
        assertEquals(3, first.ran("train-large"), "baseline once, one per variant");
        assertEquals(List.of("baseline", "graft+aux[at=0]", "graft+aux[at=1]", "small+aux"), folders(out.resolve("checkpoints")));
        assertTrue(Files.isRegularFile(out.resolve("graft-check/graft+aux[at=1]-seed1/large_layer1.npy")),
                "at=1 copies small layer 0 into large layer 1");
        String metrics = Files.readString(out.resolve("metrics.jsonl"));
        assertTrue(metrics.contains("{\"condition\":\"graft+aux[at=1]\",\"seed\":1,"), metrics.substring(0, 300));

        Outcome again = run(spec, catalog, out, tmp.resolve("cache"));
        assertEquals(List.of(), again.ran(), "a rerun runs nothing");
        assertEquals(first.graph().order().size(), again.reused().size());
    }

    @Test
    void another_spec_reuses_the_stages_it_shares_and_its_large_conditions_share_one_initialisation() throws Exception {
        Path cache = tmp.resolve("cache");
        GraftSpec a = load("a", "experiment: {seeds: [3], conditions: {small-aux: {model: small}, baseline: {}}}\n",
                catalog);
        Outcome first = run(a, catalog, tmp.resolve("run-a"), cache);
        assertEquals(4, first.ran().size(), first.ran().toString());

        GraftSpec b = load("b", """
                experiment:
                  seeds: [3]
                  conditions: {small-aux: {model: small}, baseline: {model: large}, graft-aux: {graft: {from: small-aux}}}
                """, catalog);
        List<Planner.Row> rows = plan(b, tmp.resolve("run-b"), cache);
        assertEquals("cached (made by spec 'a')", row(rows, "train-large baseline seed=3").reason());
        assertEquals("no artifact", row(rows, "train-large graft-aux seed=3").reason());
        Outcome second = run(b, catalog, tmp.resolve("run-b"), cache);
        assertEquals(List.of("graft graft-aux seed=3", "train-large graft-aux seed=3"), second.ran());
        assertTrue(second.reused().containsAll(List.of("data", "train-small small-aux seed=3", "init-large seed=3",
                "train-large baseline seed=3")), second.reused().toString());

        // The grafted model at step 0 is the baseline's initialisation except where the small model was copied.
        Path run = tmp.resolve("run-b/checkpoints");
        var init = CheckpointStore.read(run.resolve("baseline/seed-3/step-000000.ckpt"));
        var grafted = CheckpointStore.read(run.resolve("graft-aux/seed-3/step-000000.ckpt"));
        var small = CheckpointStore.read(run.resolve("small-aux/seed-3/step-000006.ckpt"));
        assertEquals(init.parameters().get("blocks.1.attn.W_Q"), grafted.parameters().get("blocks.1.attn.W_Q"),
                "a layer past the graft is the shared initialisation");
        assertEquals(init.parameters().get("blocks.0.mlp.W_in").getColumn(20), grafted.parameters().get("blocks.0.mlp.W_in").getColumn(20),
                "a fresh neuron keeps the initialisation's input weights");
        assertEquals(small.parameters().get("value.W"), grafted.parameters().get("value.W"), "heads are copied");
        assertNotEquals(init.parameters().get("value.W"), grafted.parameters().get("value.W"));
        assertEquals(0.0, grafted.parameters().get("blocks.0.attn.W_O").get(
                org.nd4j.linalg.indexing.NDArrayIndex.point(2)).amaxNumber().doubleValue(), "fresh head silenced");
    }

    @Test
    void the_plan_shows_a_partly_trained_stage_and_the_rerun_finishes_it_as_an_uninterrupted_run_would() throws Exception {
        GraftSpec spec = load("p", "experiment: {seeds: [5], conditions: {small-aux: {model: small}, baseline: {}}}\n",
                catalog);
        Path reference = tmp.resolve("reference");
        run(spec, catalog, reference, tmp.resolve("cache-ref"));

        Path cache = tmp.resolve("cache");
        Path out = tmp.resolve("run");
        Outcome whole = run(spec, catalog, out, cache);
        TrainStage baseline = (TrainStage) whole.graph().find("train-large baseline seed=5").orElseThrow();
        TrainStage small = (TrainStage) whole.graph().find("train-small small-aux seed=5").orElseThrow();
        // Put the baseline back where a kill after its step-4 checkpoint leaves it: a work folder whose last
        // checkpoint is step 4, metrics logged past it ending in a half-written line, and a checkpoint being written.
        ArtifactCache artifacts = new ArtifactCache(cache);
        Path work = artifacts.work(baseline.key());
        Files.move(artifacts.artifact(baseline.key()), work);
        Files.delete(work.resolve(ArtifactCache.MANIFEST));
        Files.delete(work.resolve("checkpoints/step-000006.ckpt"));
        Files.writeString(work.resolve("checkpoints/.tmp-step-000006.ckpt-999"), "half a zip");
        Files.writeString(work.resolve("metrics.jsonl"), "{\"step\": 6, \"label\": \"basel", StandardOpenOption.APPEND);
        // and remove the small model's artifact altogether
        Files.walk(artifacts.artifact(small.key())).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());

        List<Planner.Row> rows = plan(spec, out, cache);
        assertEquals("cached", row(rows, "data").state().label());
        assertEquals("partial (step 4 of 6)", row(rows, "train-large baseline seed=5").state().label());
        assertEquals("partial: resumes at step 4", row(rows, "train-large baseline seed=5").reason());
        assertEquals("to run", row(rows, "train-small small-aux seed=5").state().label());
        assertEquals("no artifact", row(rows, "train-small small-aux seed=5").reason());
        assertEquals("cached", row(rows, "init-large seed=5").state().label());
        assertEquals(2, row(rows, "train-large baseline seed=5").remaining());

        Outcome resumed = run(spec, catalog, out, cache);
        assertEquals(List.of("train-small small-aux seed=5", "train-large baseline seed=5"), resumed.ran());
        RunComparison.assertSameResults(reference, out);
    }

    /** A strategy that claims to preserve the function but writes small layer 0 into large layer 1 without silencing layer 0. */
    private static PluginCatalog withMisplacedStrategy() {
        PluginFactory<GraftStrategy> misplaced = new PluginFactory<>() {
            @Override public PluginKind kind() { return PluginKind.GRAFT_STRATEGY; }
            @Override public String name() { return "misplaced"; }
            @Override public String description() { return "a wrong graft, for tests"; }
            @Override public List<OptionSpec> options() { return List.of(); }

            @Override
            public GraftStrategy create(Options options) {
                return new GraftStrategy() {
                    @Override
                    public GraftPlan plan(ModelShape small, ModelShape large) {
                        return new GraftPlan(List.of(GraftPlan.LayerCopy.byIndex(0, 1, small)), List.of(), true, true, true);
                    }

                    @Override
                    public boolean preservesFunction() {
                        return true;
                    }
                };
            }
        };
        return new PluginCatalog() {
            @Override
            public Optional<PluginFactory<?>> find(PluginKind kind, String name) {
                return kind == PluginKind.GRAFT_STRATEGY && name.equals("misplaced") ? Optional.of(misplaced)
                        : catalog.find(kind, name);
            }

            @Override
            public List<String> names(PluginKind kind) {
                return catalog.names(kind);
            }

            @Override
            public dev.graft.spi.PluginContext context() {
                return catalog.context();
            }
        };
    }

    @Test
    void a_graft_that_changes_the_function_stops_the_run_before_any_large_training() throws Exception {
        PluginCatalog plugins = withMisplacedStrategy();
        GraftSpec spec = load("bad", """
                experiment:
                  seeds: [1]
                  conditions: {small-aux: {model: small}, g: {graft: {from: small-aux, strategy: misplaced}}}
                """, plugins);
        Path cache = tmp.resolve("cache");
        Exception e = assertThrows(Exception.class, () -> run(spec, plugins, tmp.resolve("run"), cache));
        assertTrue(e.getMessage().contains("graft check of g seed 1 failed"), e.getMessage());
        assertTrue(e.getMessage().contains("large layers [0] before the last written one are neither copied nor silenced"), e.getMessage());
        assertFalse(Main.isUserError(e), "a failed check is a failed run (exit 1), not bad input");
        assertFalse(Files.exists(cache.resolve("train-large")), "no large model was trained");
        try (Stream<Path> graft = Files.list(cache.resolve("graft"))) {
            List<String> names = graft.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.stream().allMatch(n -> n.startsWith(".work-") || n.startsWith(".lock-")), "no graft was committed: " + names);
        }
    }

    private static String graftCli(String... args) {
        picocli.CommandLine cli = Main.commandLine();
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        cli.setOut(new java.io.PrintWriter(out));
        cli.setErr(new java.io.PrintWriter(err));
        int code = cli.execute(args);
        assertEquals(0, code, err.toString());
        return out.toString();
    }

    @Test
    void graft_run_probes_every_large_condition_and_builds_the_report() throws Exception {
        Path spec = Files.writeString(tmp.resolve("study.yaml"), "name: study\n" + TINY + "experiment: {seeds: [1, 2]}\n");
        Path out = tmp.resolve("run");
        String printed = graftCli("run", spec.toString(), "--out", out.toString(), "--cache", tmp.resolve("cache").toString(),
                "--no-progress");
        assertTrue(printed.contains("graft: report "), printed);

        List<String> lines = Files.readAllLines(out.resolve("probes.csv"));
        assertEquals("condition,seed,step,layer,probe,r2,alpha,n_train,n_heldout,set", lines.get(0));
        java.util.Set<String> rows = new java.util.HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            assertTrue(rows.add(String.join(",", f[0], f[1], f[2], f[3], f[4], f[9])), "a row twice: " + line);
            Double.parseDouble(f[5]);
        }
        for (String condition : List.of("baseline", "graft+aux", "graft-aux")) {
            for (String seed : List.of("1", "2")) {
                for (int layer = 0; layer < 2; layer++) {
                    for (int step : new int[] {2, 4, 6}) {
                        for (String probe : List.of("ridge", "ridge/shuffled")) {
                            assertTrue(rows.contains(String.join(",", condition, seed, "" + step, "" + layer, probe,
                                    "periodic")), condition + " seed " + seed + " step " + step + " layer " + layer + " " + probe);
                        }
                    }
                    for (String set : List.of("periodic", "final")) {
                        assertTrue(rows.contains(String.join(",", condition, seed, "0", "" + layer, "ridge@init", set)));
                    }
                    assertTrue(rows.contains(String.join(",", condition, seed, "6", "" + layer, "ridge", "final")));
                    Path folder = out.resolve("probes").resolve(condition + "-seed" + seed).resolve("layer" + layer);
                    for (String f : List.of("activations.npy", "targets.npy", "heldout.npy", "probe.json")) {
                        assertTrue(Files.isRegularFile(folder.resolve(f)), folder.resolve(f).toString());
                    }
                    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(folder.resolve("probe.json").toFile());
                    assertEquals(layer, json.path("layer").asInt());
                    assertEquals(6, json.path("step").asInt());
                    int n = json.path("positions").asInt();
                    long bytes = Files.size(folder.resolve("activations.npy"));
                    assertTrue(bytes >= 4L * n * 8, "activations float32 [" + n + ", 8]: " + bytes + " bytes");
                    assertTrue(bytes < 4L * n * 8 + 256, "activations float32 [" + n + ", 8]: " + bytes + " bytes");
                }
            }
        }
        assertTrue(rows.stream().filter(r -> r.startsWith("small")).allMatch(r -> r.endsWith(",final")),
                "small models get only the end-of-training reference probe by default");
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("small+aux,1,") && r.endsWith(",ridge,final")),
                "the reference probe of small+aux");
        assertTrue(Files.isRegularFile(out.resolve("probes").resolve("small+aux-seed1").resolve("heads.json")));
        for (String c : List.of("baseline", "graft+aux")) {
            assertTrue(rows.contains(c + ",1,0,1,ridge,periodic"), "the step-0 probe of " + c);
        }
        // The large conditions of a seed share one initialisation, so one @init control.
        List<String> initOf = new ArrayList<>();
        for (String c : List.of("baseline", "graft+aux")) {
            initOf.add(lines.stream().filter(l -> l.startsWith(c + ",1,0,") && l.contains("@init")).map(l -> l.substring(c.length()))
                    .collect(Collectors.joining("\n")));
        }
        assertEquals(initOf.get(0), initOf.get(1));
        assertTrue(Files.isRegularFile(out.resolve("fits.json")));
        assertTrue(Files.readString(out.resolve("fits.json")).contains("gap_inf"));
        assertTrue(Files.isRegularFile(out.resolve("report.html")));
        assertTrue(Files.isRegularFile(out.resolve("plots/loss-train.png")));
        assertTrue(Files.readString(out.resolve("run-status.json")).contains("finished"));
    }

    @Test
    void probing_changes_no_trained_weight_and_a_spec_without_probes_still_reports() throws Exception {
        String seeds = "experiment: {seeds: [1]}\n";
        Path probed = Files.writeString(tmp.resolve("probed.yaml"), "name: probed\n" + TINY + seeds);
        Path plain = Files.writeString(tmp.resolve("plain.yaml"), "name: plain\n" + TINY.replaceFirst("probes: .*\n",
                "probes: []\n") + seeds);
        graftCli("run", probed.toString(), "--out", tmp.resolve("a").toString(), "--cache", tmp.resolve("ca").toString(),
                "--no-progress");
        graftCli("run", plain.toString(), "--out", tmp.resolve("b").toString(), "--cache", tmp.resolve("cb").toString(),
                "--no-progress");
        assertFalse(Files.exists(tmp.resolve("b/probes.csv")));
        assertTrue(Files.isRegularFile(tmp.resolve("b/report.html")));
        assertEquals("[]", Files.readString(tmp.resolve("b/fits.json")).replaceAll("\\s", ""));
        assertTrue(Files.readString(tmp.resolve("b/run-status.json")).contains("finished"));
        List<String> checkpoints = RunComparison.files(tmp.resolve("a")).stream().filter(f -> f.endsWith(".ckpt")).toList();
        assertEquals(checkpoints, RunComparison.files(tmp.resolve("b")).stream().filter(f -> f.endsWith(".ckpt")).toList());
        assertTrue(checkpoints.stream().anyMatch(f -> f.startsWith("checkpoints/graft+aux/")));
        for (String f : checkpoints) {
            var x = RunComparison.arrays(tmp.resolve("a").resolve(f));
            var y = RunComparison.arrays(tmp.resolve("b").resolve(f));
            assertEquals(x.keySet(), y.keySet(), f);
            for (String entry : x.keySet()) {
                assertArrayEquals(x.get(entry), y.get(entry), f + " " + entry);
            }
        }
    }

    @Test
    void a_compare_entry_of_unprobed_conditions_is_refused_before_any_work() throws Exception {
        Path spec = Files.writeString(tmp.resolve("smallcmp.yaml"), "name: smallcmp\n" + TINY
                + "experiment: {seeds: [1], compare: [{a: small+aux, b: small-aux, layer: 0}]}\n");
        picocli.CommandLine cli = Main.commandLine();
        java.io.StringWriter err = new java.io.StringWriter();
        cli.setOut(new java.io.PrintWriter(new java.io.StringWriter()));
        cli.setErr(new java.io.PrintWriter(err));
        Path out = tmp.resolve("never");
        assertEquals(2, cli.execute("run", spec.toString(), "--out", out.toString(), "--cache",
                tmp.resolve("c").toString(), "--no-progress"));
        assertTrue(err.toString().contains("small+aux") && err.toString().contains("on: all"), err.toString());
        assertFalse(Files.exists(out));
    }
}
