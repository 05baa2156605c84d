package dev.graft.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** graft plan says how many games each generator plays and how many steps they give, before any data exists. */
class DataScaleLineTest {
    @TempDir
    Path dir;

    @Test
    void the_plan_names_the_games_per_generator_and_the_steps_they_give() throws Exception {
        Path spec = Files.writeString(dir.resolve("s.yaml"), String.join("\n",
                "name: scale", "game: {name: domineering, board: 4}", "auxiliary: [sector-balance]",
                "data: {games: 1000, mix: [{generator: random, fraction: 0.3}, {generator: alphabeta, fraction: 0.7}]}",
                "models: {small: {d_model: 8, d_head: 4, heads: 2, layers: 2, d_mlp: 16},"
                        + " large: {d_model: 8, d_head: 4, heads: 2, layers: 3, d_mlp: 16}}",
                "training: {epochs: 3, batch: {small: 40, large: 20}, positions: {per_game: 5, validation_per_game: 2}}",
                ""));
        ExportCommandTest.Run r = ExportCommandTest.graft("plan", spec.toString(), "--no-measure", "--cache",
                dir.resolve("cache").toString(), "--out", dir.resolve("run").toString());
        assertEquals(0, r.code(), r.err());
        // 800 training games (0.8 of 1,000) × 5 positions × 3 epochs = 12,000 positions: 600 steps at 20, 300 at 40
        assertTrue(r.out().contains("data: 1,000 games (random 300, alphabeta 700); ≈ 800 training games × 5 positions"
                + " × 3 epochs = ≈ 600 steps per large model (batch 20), ≈ 300 per small model (batch 40)"), r.out());
    }
}
