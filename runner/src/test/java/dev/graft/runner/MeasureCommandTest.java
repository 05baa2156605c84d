package dev.graft.runner;

import dev.graft.games.domineering.DomineeringGame;
import dev.graft.graft.Grafter;
import dev.graft.measure.MeasureLog;
import dev.graft.measure.MeasureRow;
import dev.graft.model.Transformer;
import dev.graft.spi.GraftPlan;
import dev.graft.spi.ModelShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.graft.runner.ExportCommandTest.graft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** graft measure on a checkpoint grafted from another: its rows, and bad input refused before any work. */
class MeasureCommandTest {
    @TempDir
    Path dir;

    static final ModelShape SMALL = new ModelShape(8, 4, 2, 1, 16);
    static final ModelShape LARGE = new ModelShape(8, 4, 3, 2, 24);

    private Path dump() {
        Path games = dir.resolve("games.npz");
        assertEquals(0, graft("data", "generate", "--board", "4", "--generator", "random", "--games", "60", "--seed", "4",
                "--no-progress", "--out", games.toString()).code());
        Path out = dir.resolve("pos");
        ExportCommandTest.Run d = graft("data", "dump", "--games", games.toString(), "--positions", "80", "--aux",
                "sector-balance", "--out", out.toString());
        assertEquals(0, d.code(), d.err());
        return out;
    }

    private Path small() {
        return ModelCheckpoints.write(dir.resolve("small"), 4, SMALL, 2, 3, 40, true, ModelCheckpoints.randomise(0.3, 1));
    }

    /** The large model grafted from {@link #small()} by the front plan (small layer 0 → large layer 0). */
    private Path grafted() {
        return ModelCheckpoints.write(dir.resolve("large"), 4, LARGE, 2, 3, 0, true, large -> {
            ModelCheckpoints.randomise(0.3, 2).accept(large);
            Transformer s = new Transformer(new DomineeringGame(4), SMALL, 4, 3);
            ModelCheckpoints.randomise(0.3, 1).accept(s);
            Grafter.apply(new GraftPlan(List.of(GraftPlan.LayerCopy.byIndex(0, 0, SMALL)), List.of(), true, true, true),
                    s, large);
        });
    }

    @Test
    void measures_a_graft_against_its_source_and_writes_measures_csv() throws Exception {
        Path pos = dump();
        Path src = small();
        Path ck = grafted();
        ExportCommandTest.Run r = graft("measure", ck.toString(), "--source", src.toString(), "--positions", pos.toString(),
                "--measures", "cka,drift,patching");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("cka.source") && r.out().contains("drift.W_Q"), r.out());
        List<MeasureRow> rows = new MeasureLog(dir.resolve("large/step-000000.pos.measure/measures.csv")).read();
        rows.stream().filter(x -> x.measure().startsWith("drift.")).forEach(x -> assertEquals(0.0, x.value(), 0.0, x.toString()));
        rows.stream().filter(x -> x.measure().startsWith("patch.")).forEach(x -> assertEquals(0.0, x.value(), 1e-6, x.toString()));
        MeasureRow cka = rows.stream().filter(x -> x.measure().equals("cka.source")).findFirst().orElseThrow();
        assertEquals(0, cka.layer());
        assertEquals(1.0, cka.value(), 1e-5, "the graft reproduces the source's layer 0");
    }

    @Test
    void a_measure_that_needs_a_source_without_one_is_refused_naming_it() throws Exception {
        Path pos = dump();
        Path ck = grafted();
        ExportCommandTest.Run r = graft("measure", ck.toString(), "--positions", pos.toString(), "--measures", "cka,drift");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("drift compares the model with the small model it was grafted from")
                && r.err().contains("--source"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        ExportCommandTest.Run bad = graft("measure", ck.toString(), "--source", small().toString(), "--at", "2",
                "--positions", pos.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--at 2") && bad.err().contains("(0 to 1)"), bad.err());
        ExportCommandTest.Run option = graft("measure", ck.toString(), "--positions", pos.toString(), "-o", "cka.alpah=2");
        assertEquals(2, option.code());
        assertTrue(option.err().contains("alpah"), option.err());
        assertFalse(Files.exists(dir.resolve("large/step-000000.pos.measure")), "nothing written on bad input");
    }
}
