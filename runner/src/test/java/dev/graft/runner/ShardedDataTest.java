package dev.graft.runner;

import dev.graft.data.GameDataCache;
import dev.graft.io.UserInputException;
import dev.graft.pipeline.DataShardStage;
import dev.graft.pipeline.DataStage;
import dev.graft.pipeline.LocalExecutor;
import dev.graft.pipeline.RunPlan;
import dev.graft.pipeline.RunSetup;
import dev.graft.pipeline.Stage;
import dev.graft.pipeline.StageGraph;
import dev.graft.pipeline.StageListener;
import dev.graft.pipeline.StageState;
import dev.graft.plugin.PluginCatalog;
import dev.graft.spec.GraftSpec;
import dev.graft.spec.SpecLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code data.shards}: the games generated as several tasks, each a range of game indices, merged into the
 * one cached {@code games.npz}, are the same games byte for byte at any shard count.
 */
class ShardedDataTest {
    /** Two generators, so a shard can straddle the parts of the mix; 4×4 Domineering, 10 games. */
    private static final String SPEC = """
            name: shards
            game: {name: domineering, board: 4}
            data:
              games: 10
              threads: 1
              shards: %d
              mix:
                - {generator: random, fraction: 0.3}
                - {generator: {name: alphabeta}, fraction: 0.7}
            models:
              small: {d_model: 8, d_head: 4, heads: 2, layers: 1, d_mlp: 16}
              large: {d_model: 8, d_head: 4, heads: 3, layers: 2, d_mlp: 24}
            training: {steps: 2, batch: {small: 8, large: 8}}
            experiment:
              seeds: [1]
              conditions:
                small: {model: small}
            """;

    private static PluginCatalog catalog;

    @TempDir
    Path tmp;

    @BeforeAll
    static void plugins() {
        catalog = Graft.injector(List.of()).getInstance(PluginCatalog.class);
    }

    private GraftSpec load(String name, String yaml) throws Exception {
        return new SpecLoader(catalog).load(Files.writeString(tmp.resolve(name + ".yaml"), yaml));
    }

    /** Runs the data stage and its shards, two at a time; returns what ran. */
    private List<String> generate(int shards, Path cache) throws Exception {
        RunSetup setup = new RunSetup(load("s" + shards, SPEC.formatted(shards)), catalog, tmp.resolve("run"), cache, false);
        DataStage data = new DataStage(setup);
        List<Stage> stages = new ArrayList<>(data.shards());
        stages.add(data);
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        new LocalExecutor(2).execute(StageGraph.of(stages), new StageListener() {
            @Override
            public void reusing(Stage stage, int index, int count) {
            }

            @Override
            public void running(Stage stage, int index, int count, StageState before) {
                ran.add(stage.id());
            }

            @Override
            public void finished(Stage stage) {
            }
        });
        return ran;
    }

    private static Path gamesOf(Path cache) throws Exception {
        try (var dirs = Files.list(cache.resolve("data"))) {
            return dirs.filter(p -> !p.getFileName().toString().startsWith(".")).findFirst().orElseThrow()
                    .resolve(GameDataCache.GAMES_FILE);
        }
    }

    @Test
    void the_games_are_the_same_byte_for_byte_at_one_two_and_four_shards() throws Exception {
        byte[] one = null;
        String key = null;
        for (int shards : new int[] {1, 2, 4}) {
            Path cache = tmp.resolve("cache-" + shards);
            List<String> ran = generate(shards, cache);
            assertEquals(shards == 1 ? 1 : shards + 1, ran.size(), "the shards and the merge ran: " + ran);
            Path games = gamesOf(cache);
            byte[] bytes = Files.readAllBytes(games);
            if (one == null) {
                one = bytes;
                key = games.getParent().getFileName().toString();
            } else {
                assertEquals(key, games.getParent().getFileName().toString(), "the data key does not depend on the shards");
                assertArrayEquals(one, bytes, "games.npz at " + shards + " shards is that of one shard, byte for byte");
            }
        }
    }

    @Test
    void a_sharded_plan_runs_the_shards_before_the_merge_and_reuses_unsharded_games() throws Exception {
        Path cache = tmp.resolve("cache");
        generate(1, cache);
        RunSetup setup = new RunSetup(load("s3", SPEC.formatted(3)), catalog, tmp.resolve("run"), cache, false);
        StageGraph graph = RunPlan.of(setup);
        DataStage data = (DataStage) graph.find("data").orElseThrow();
        assertEquals(List.of("data-shard 1/3", "data-shard 2/3", "data-shard 3/3"),
                data.inputs().stream().map(Stage::id).toList());
        assertEquals(List.of(0, 3, 6, 10), List.of(((DataShardStage) data.inputs().get(0)).from(),
                ((DataShardStage) data.inputs().get(1)).from(), ((DataShardStage) data.inputs().get(2)).from(),
                ((DataShardStage) data.inputs().get(2)).to()));
        assertTrue(data.state().cached(), "the same key as the unsharded games");
        for (Stage s : data.inputs()) {
            assertTrue(s.state().cached(), s.id() + " has nothing to do once the merged games exist");
        }
    }

    @Test
    void more_shards_than_games_exits_2_naming_the_option() throws Exception {
        Path spec = Files.writeString(tmp.resolve("many.yaml"), SPEC.formatted(11));
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("run", spec.toString(), "--out", tmp.resolve("never").toString(), "--cache",
                tmp.resolve("never-cache").toString(), "--no-progress");
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("many.yaml:6"), err.toString());
        assertTrue(err.toString().contains("data.shards 11 is more than the 10 games"), err.toString());
        assertFalse(err.toString().contains("Exception"), err.toString());
        assertFalse(Files.exists(tmp.resolve("never")));
        assertFalse(Files.exists(tmp.resolve("never-cache")));
    }

    @Test
    void the_study_self_play_preset_which_makes_its_games_while_preparing_is_refused_sharded() throws Exception {
        GraftSpec spec = load("study", SPEC.formatted(2).replace("{name: alphabeta}",
                "{name: value-selfplay, preset: study}"));
        UserInputException e = assertThrows(UserInputException.class,
                () -> new DataStage(new RunSetup(spec, catalog, tmp.resolve("run"), tmp.resolve("cache"), false)));
        assertTrue(e.getMessage().contains("data.shards 2: the generator value-selfplay"), e.getMessage());
        assertTrue(e.getMessage().contains("give data.shards: 1"), e.getMessage());
    }
}
