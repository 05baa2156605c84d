package dev.graft.runner;

import dev.graft.pipeline.Planner.Decision;
import dev.graft.pipeline.Planner.Row;
import dev.graft.pipeline.Stage;
import dev.graft.pipeline.StageKey;
import dev.graft.pipeline.StageState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@code graft plan} prints for a plan: the table with its closing count and the line of waves. */
class PlanTableTest {

    /** A stage that only has a name and a key (the table reads nothing else). */
    private static Stage stage(String id) {
        StageKey key = StageKey.of("fake", Map.of("stage", "fake-1"), Map.of("id", id), Map.of(), null);
        return new Stage() {
            public String kind() {
                return "fake";
            }

            public String id() {
                return id;
            }

            public String describe() {
                return id;
            }

            public List<Stage> inputs() {
                return List.of();
            }

            public StageKey key() {
                return key;
            }

            public StageState state() {
                return StageState.MISSING;
            }

            public void run() {
            }
        };
    }

    private static Row row(int number, String id, Decision decision, String reason, Integer... inputs) {
        StageState state = decision == Decision.CACHED ? StageState.CACHED : StageState.MISSING;
        return new Row(number, stage(id), List.of(inputs), state, decision, reason, 0, 0, null, null, "");
    }

    @Test
    void the_table_lists_every_stage_with_its_reason_and_counts_those_to_run() {
        List<Row> rows = List.of(row(1, "keep", Decision.CACHED, "cached (made by spec 'test')"),
                row(2, "a", Decision.CHANGED, "changed since the last run: settings.setting"),
                row(3, "b", Decision.CHANGED, "changed since the last run: input a", 2),
                row(4, "b-again", Decision.SAME_ARTIFACT, "same artifact as #3", 2),
                row(5, "new", Decision.NEW, "no artifact"));
        String table = PlanTable.table(rows);
        assertTrue(table.contains("3 of 5 stages to run"), table);
        for (Row r : rows) {
            assertTrue(table.contains(r.stage().id()) && table.contains(r.reason()), table);
        }
        assertTrue(table.lines().anyMatch(l -> l.contains("b-again") && l.contains("#2")), table);
    }

    @Test
    void the_waves_line_names_each_waves_stages_by_number() {
        List<Row> rows = new ArrayList<>();
        rows.add(row(1, "a", Decision.CACHED, "cached"));
        rows.add(row(2, "b", Decision.NEW, "no artifact", 1));
        rows.add(row(3, "c", Decision.NEW, "no artifact", 1));
        rows.add(row(4, "d", Decision.NEW, "no artifact", 3));
        rows.add(row(5, "e", Decision.NEW, "no artifact"));
        assertEquals("Waves (stages that can run at once, graft run --parallel N): 1: #2,#3,#5 | 2: #4; at most 3 at once."
                + System.lineSeparator(), PlanTable.wavesLine(rows));
        assertEquals("", PlanTable.wavesLine(List.of(row(1, "a", Decision.CACHED, "cached"))));
    }
}
