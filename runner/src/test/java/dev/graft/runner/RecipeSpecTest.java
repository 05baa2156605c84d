package dev.graft.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.train.Checkpoint;
import dev.graft.train.CheckpointStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The study's recipe through the command line: models.init, training.positions and their bad values. */
class RecipeSpecTest {

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

    /** 30 random 4×4 games: 24 training, 3 validation; per-game sampling, 3 plies per game, one epoch. */
    private static final String TINY = """
            name: tiny
            game: {name: domineering, board: 4}
            auxiliary: [{name: sector-balance, sector: 2}]
            probes: []
            data: {generator: random, games: 30, threads: 1}
            models:
              small: {d_model: 8, d_head: 4, heads: 2, layers: 1, d_mlp: 16}
              large: {d_model: 8, d_head: 4, heads: 2, layers: 2, d_mlp: 16}
            training: {epochs: 1, batch: {small: 8, large: 8}, validate_every: 2, checkpoint_every: 4,
                       quick_validation_positions: 8, positions: {per_game: 3, validation_per_game: 2}}
            experiment:
              seeds: [1]
              conditions: {small+aux: {model: small, auxiliary: true}, small-aux: {model: small}}
              compare: []
            """;

    private Path spec() throws Exception {
        Path p = tmp.resolve("tiny.yaml");
        Files.writeString(p, TINY);
        return p;
    }

    private Result run(String out, String... sets) throws Exception {
        String[] args = new String[6 + 2 * sets.length];
        args[0] = "run";
        args[1] = spec().toString();
        args[2] = "--out";
        args[3] = tmp.resolve(out).toString();
        args[4] = "--cache";
        args[5] = tmp.resolve("cache").toString();
        for (int i = 0; i < sets.length; i++) {
            args[6 + 2 * i] = "--set";
            args[7 + 2 * i] = sets[i];
        }
        String[] withQuiet = java.util.Arrays.copyOf(args, args.length + 1);
        withQuiet[args.length] = "--no-progress";
        return graft(withQuiet);
    }

    @Test
    void an_epoch_is_per_game_plies_of_every_training_game() throws Exception {
        Result r = run("run");
        assertEquals(0, r.code(), r.err());
        // 24 training games × 3 plies = 72 positions = 9 steps of 8 (every 4×4 game is longer than min_ply 1)
        Path last = new CheckpointStore(tmp.resolve("run/checkpoints/small+aux/seed-1")).select("last").orElseThrow();
        assertEquals(9, CheckpointStore.stepOf(last));
        assertTrue(new CheckpointStore(tmp.resolve("run/checkpoints/small+aux/seed-1")).select("best").isPresent());
        ObjectMapper json = new ObjectMapper();
        long fullPositions = Files.readAllLines(tmp.resolve("run/metrics.jsonl")).stream()
                .map(l -> {
                    try {
                        return json.readValue(l, Map.class);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .filter(m -> "full".equals(m.get("split")))
                .mapToLong(m -> ((Number) m.get("positions")).longValue()).max().orElseThrow();
        assertEquals(3 * 2, fullPositions, "full validation scores validation_per_game plies of the 3 validation games");

        Result everyPly = run("every-ply", "training.positions.sampling=every-ply");
        assertEquals(0, everyPly.code(), everyPly.err());
        long steps = CheckpointStore.stepOf(new CheckpointStore(tmp.resolve("every-ply/checkpoints/small+aux/seed-1"))
                .latest().orElseThrow());
        assertNotEquals(9, steps, "every-ply epochs hold each ply once, not 3 per game");
    }

    @Test
    void the_initialisation_enters_the_training_stage_key_and_the_checkpoint() throws Exception {
        assertEquals(0, run("study").code());
        Result r = run("small-normal", "models.init=small-normal");
        assertEquals(0, r.code(), r.err());
        Checkpoint a = CheckpointStore.read(tmp.resolve("study/checkpoints/small-aux/seed-1/step-000009.ckpt"));
        Checkpoint b = CheckpointStore.read(tmp.resolve("small-normal/checkpoints/small-aux/seed-1/step-000009.ckpt"));
        Map<?, ?> pa = (Map<?, ?>) a.json().get("provenance");
        Map<?, ?> pb = (Map<?, ?>) b.json().get("provenance");
        assertNotEquals(pa.get("stage_key"), pb.get("stage_key"), "another initialisation is another training");
    }

    @Test
    void min_ply_beyond_the_longest_game_exits_2_naming_the_key_before_any_training() throws Exception {
        Result r = run("long", "training.positions.min_ply=16");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("training.positions.min_ply 16") && r.err().contains("longest"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(Files.exists(tmp.resolve("long/checkpoints")), "no training started");
    }

    @Test
    void bad_recipe_values_exit_2_naming_the_key_and_what_is_allowed() throws Exception {
        Result k = run("k0", "training.positions.per_game=0");
        assertEquals(2, k.code());
        assertTrue(k.err().contains("per_game") && k.err().contains("≥ 1"), k.err());
        Result v = run("v0", "training.positions.validation_per_game=-3");
        assertEquals(2, v.code());
        assertTrue(v.err().contains("validation_per_game"), v.err());
        Result init = run("init", "models.init=xavier");
        assertEquals(2, init.code());
        assertTrue(init.err().contains("models.init") && init.err().contains("small-normal"), init.err());
        Result sampling = run("s", "training.positions.sampling=all");
        assertEquals(2, sampling.code());
        assertTrue(sampling.err().contains("every-ply"), sampling.err());
        assertFalse(Files.exists(tmp.resolve("k0")), "nothing written for a bad spec");
    }
}
