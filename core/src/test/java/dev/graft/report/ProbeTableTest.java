package dev.graft.report;

import dev.graft.io.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProbeTableTest {

    @TempDir
    Path tmp;

    private Path csv(String... lines) throws Exception {
        Path p = tmp.resolve("probes.csv");
        Files.write(p, List.of(lines));
        return p;
    }

    @Test
    void columns_may_come_in_any_order_with_more_after_them() throws Exception {
        ProbeTable t = ProbeTable.read(csv("probe,r2,layer,step,seed,condition,positions",
                "ridge,0.25,2,1000,42,\"graft+aux\",1000",
                "ridge,0.30,2,2000,42,graft+aux,1000"));
        assertEquals(List.of("graft+aux"), t.conditions());
        assertEquals(0.30, t.series("graft+aux", 42, 2, "ridge").get(2000L));
        assertEquals(2, t.series("graft+aux", 42, 2, "ridge").size());
    }

    @Test
    void a_later_row_for_the_same_probe_point_wins_and_nan_rows_are_left_out() throws Exception {
        ProbeTable t = ProbeTable.read(csv("condition,seed,step,layer,probe,r2",
                "a,1,1000,0,ridge,0.1", "a,1,1000,0,ridge,0.2", "a,1,2000,0,ridge,nan", "a,1,1000,0,ridge/shuffled,0.0"));
        assertEquals(0.2, t.series("a", 1, 0, "ridge").get(1000L));
        assertEquals(1, t.series("a", 1, 0, "ridge").size(), "nan dropped");
        assertEquals(1, t.series("a", 1, 0, "ridge/shuffled").size(), "control probes are their own series");
        assertTrue(t.series("a", 2, 0, "ridge").isEmpty());
    }

    @Test
    void curves_use_periodic_rows_and_the_final_r2_prefers_the_final_set() throws Exception {
        ProbeTable t = ProbeTable.read(csv("condition,seed,step,layer,probe,r2,alpha,n_train,n_heldout,set",
                "a,1,1000,0,ridge,0.1,1.0,800,200,periodic", "a,1,2000,0,ridge,0.2,1.0,800,200,periodic",
                "a,1,2000,0,ridge,0.25,1.0,1600,400,final", "a,2,1000,0,ridge,0.3,1.0,800,200,periodic",
                "a,2,2000,0,ridge,0.35,1.0,800,200,periodic", "a,3,2000,1,ridge,0.5,1.0,1600,400,final",
                "a,2,3000,0,ridge,0.4,1.0,8"));
        assertEquals(0.2, t.series("a", 1, 0, "ridge").get(2000L), "the curve keeps the periodic point");
        assertEquals(java.util.Map.of(1L, 0.25, 2L, 0.35), t.finalR2("a", 0, "ridge"), "final set where there is one");
        assertEquals(java.util.Map.of(3L, 0.5), t.finalR2("a", 1, "ridge"));
        assertTrue(t.seeds("a", 1, "ridge").isEmpty(), "no periodic rows at layer 1");
        assertEquals(java.util.Set.of(0, 1), t.layers("a", "ridge"));
        assertEquals(2, t.series("a", 2, 0, "ridge").size(), "the cut-off last line is left out");
    }

    @Test
    void a_missing_column_or_a_bad_number_names_the_file_and_line() throws Exception {
        UserInputException header = assertThrows(UserInputException.class,
                () -> ProbeTable.read(csv("condition,seed,step,probe,r2", "a,1,1,ridge,0.1")));
        assertTrue(header.getMessage().contains("probes.csv:1") && header.getMessage().contains("'layer'"), header.getMessage());
        UserInputException row = assertThrows(UserInputException.class,
                () -> ProbeTable.read(csv("condition,seed,step,layer,probe,r2", "a,1,1000,0,ridge,0.1", "a,1,x,0,ridge,0.1")));
        assertTrue(row.getMessage().contains("probes.csv:3") && row.getMessage().contains("step 'x'"), row.getMessage());
    }
}
