package dev.graft.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GrowthMetricsTest {
    @TempDir
    Path dir;

    private static final long[] STEPS = {0, 10, 20, 30, 40};

    private static String series(StringBuilder out, String condition, long seed, double... losses) {
        for (int i = 0; i < losses.length; i++) {
            out.append(String.format(Locale.ROOT, "{\"condition\":\"%s\",\"seed\":%d,\"step\":%d,\"split\":\"quick\","
                    + "\"loss\":%s,\"value_loss\":%s,\"policy_loss\":%s}%n", condition, seed, STEPS[i], losses[i],
                    losses[i] / 2, losses[i] * 2));
        }
        return out.toString();
    }

    private RunContents run() throws Exception {
        Files.writeString(dir.resolve(RunFiles.SPEC), """
                name: growth
                seed: 1
                game: {name: domineering, board: 4}
                models:
                  small: {d_model: 8, d_head: 4, heads: 2, layers: 1, d_mlp: 16}
                  large: {d_model: 8, d_head: 4, heads: 2, layers: 2, d_mlp: 16}
                training: {batch: {small: 4, large: 8}}
                experiment:
                  seeds: [1, 2]
                  conditions:
                    small: {model: small}
                    baseline: {model: large}
                    grown: {model: large, graft: {from: small, strategy: {name: widen}}}
                    late: {model: large, graft: {from: small, strategy: front}}
                    fast: {model: large, graft: {from: small, strategy: stack}}
                """);
        StringBuilder m = new StringBuilder();
        series(m, "small", 1, 3.0, 2.5, 2.2, 2.0, 1.9);
        series(m, "small", 2, 3.0, 2.6, 2.3, 2.2, 2.1);
        series(m, "baseline", 1, 2.0, 1.8, 1.6, 1.5, 1.4);
        series(m, "baseline", 2, 2.0, 1.9, 1.7, 1.5, 1.45);
        series(m, "grown", 1, 1.7, 1.5, 1.4, 1.3, 1.2);
        series(m, "grown", 2, 1.75, 1.6, 1.45, 1.35, 1.3);
        series(m, "late", 1, 2.0, 1.9, 1.8, 1.7, 1.6);
        series(m, "late", 2, 1.9, 1.8, 1.6, 1.5, 1.4);
        series(m, "fast", 1, 1.7, 1.4, 1.3, 1.2, 1.1);
        series(m, "fast", 2, 1.7, 1.45, 1.3, 1.2, 1.1);
        Files.writeString(dir.resolve(RunFiles.METRICS), m.toString());
        return RunContents.read(dir);
    }

    private static AnalysisSettings settings() {
        return new AnalysisSettings(List.of(), 100, List.of(), 0, false, "ridge", 1, OptionalInt.empty(), null);
    }

    @Test
    void steps_samples_and_speed_up_to_the_baselines_losses_by_hand() throws Exception {
        List<GrowthMetrics.Growth> growth = GrowthMetrics.of(run(), settings());
        assertEquals(List.of("grown", "late", "fast"), growth.stream().map(GrowthMetrics.Growth::condition).toList());
        GrowthMetrics.Growth g = growth.get(0);
        assertEquals("baseline", g.baseline());
        assertEquals("widen", g.strategy());
        // final: baseline losses 1.4 / 1.45 first reached at step 40 (both); grown reaches them at 20 (both)
        GrowthMetrics.Target fin = g.targets().get(0);
        assertEquals(1.425, fin.loss(), 1e-12);
        assertEquals(40, fin.baselineSteps(), 0);
        assertEquals(20, fin.steps(), 0);
        assertEquals(160, fin.samples(), 0); // 20 steps × batch 8
        assertEquals(2.0, fin.speedup(), 1e-12);
        assertEquals(2.0, fin.low(), 1e-12);
        assertEquals(2.0, fin.high(), 1e-12);
        // 50 %: the baseline at step 20 (1.6 / 1.7), reached at 20 by the baseline and at 10 by grown
        GrowthMetrics.Target half = g.targets().get(1);
        assertEquals(1.65, half.loss(), 1e-12);
        assertEquals(2.0, half.speedup(), 1e-12);
        // 90 %: step 36 → the validation at 30 (1.5 both); baseline 30 / 30, grown 10 / 20: 30 / 15 = 2, seeds 3 and 1.5
        GrowthMetrics.Target ninety = g.targets().get(2);
        assertEquals(15, ninety.steps(), 0);
        assertEquals(2.0, ninety.speedup(), 1e-12);
        assertEquals(1.5, ninety.low(), 1e-12);
        assertEquals(3.0, ninety.high(), 1e-12);
        // before: the small model's last validation, after: the grafted model at step 0
        assertEquals(2.0, g.lossBefore(), 1e-12);
        assertEquals(1.725, g.lossAfter(), 1e-12);
        assertEquals(1.0, g.valueLossBefore(), 1e-12);
        // late reaches the final loss on seed 2 only (1.4 at 40): no speed-up
        GrowthMetrics.Target lateFinal = growth.get(1).targets().get(0);
        assertEquals(1, lateFinal.reached());
        assertTrue(Double.isNaN(lateFinal.speedup()));
        // each against each other: late did not reach the final loss on every seed, so no ratio
        assertEquals("late", g.versus().get(0).other());
        assertTrue(Double.isNaN(g.versus().get(0).speedup()));
        // fast reaches 1.4 / 1.45 at step 10 on both seeds, grown at 20: grown is 0.5× as fast, fast 2×
        assertEquals("fast", g.versus().get(1).other());
        assertEquals(0.5, g.versus().get(1).speedup(), 1e-12);
        assertEquals(2.0, growth.get(2).versus().get(0).speedup(), 1e-12);
    }

    @Test
    void growth_json_and_the_report_section_carry_the_numbers() throws Exception {
        List<GrowthMetrics.Growth> growth = GrowthMetrics.of(run(), settings());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> json = new ObjectMapper().readValue(GrowthMetrics.json(growth), List.class);
        assertEquals("grown", json.get(0).get("condition"));
        @SuppressWarnings("unchecked")
        Map<String, Object> fin = ((List<Map<String, Object>>) json.get(0).get("targets")).get(0);
        assertEquals(2.0, ((Number) fin.get("speedup")).doubleValue(), 1e-12);
        assertNull(json.get(0).get("flops_per_sample"), "no catalog, no game: FLOPs unknown, written as null");
        @SuppressWarnings("unchecked")
        Map<String, Object> lateFinal = ((List<Map<String, Object>>) json.get(1).get("targets")).get(0);
        assertNull(lateFinal.get("speedup"));
        String html = GrowthSection.html(growth);
        assertTrue(html.contains("2.00× [2.00, 2.00]"), html);
        assertTrue(html.contains("<td>1 of 2</td>"), html);
    }
}
