package dev.graft.report;

import dev.graft.pipeline.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunContentsTest {

    @TempDir
    Path tmp;

    @Test
    void the_report_reads_the_file_names_the_pipeline_writes() {
        assertEquals(RunDirectory.RESOLVED_SPEC, RunFiles.SPEC);
        assertEquals(RunDirectory.PROVENANCE, RunFiles.PROVENANCE);
        assertEquals(RunDirectory.METRICS, RunFiles.METRICS);
    }

    @Test
    void a_synthetic_run_reads_back_with_its_conditions_comparisons_and_records() throws Exception {
        Path dir = SyntheticRun.standard().write(tmp.resolve("run"));
        RunContents run = RunContents.read(dir);
        assertEquals(SyntheticRun.CONDITIONS, run.conditions());
        assertEquals(3, run.comparisons().size());
        assertEquals("graft+aux - baseline", run.comparisons().get(0).label());
        assertNull(run.comparisons().get(0).layer());
        assertEquals("small+aux", run.conditionSpec("graft+aux").get("graft") instanceof java.util.Map<?, ?> g ? g.get("from") : null);
        long trainRecords = run.metrics().stream().filter(p -> p.split().equals("train")).count();
        assertEquals(5 * 3 * 200, trainRecords, "every complete line, the cut-off last one skipped");
        assertTrue(run.probes().probes().containsAll(List.of("ridge", "ridge/shuffled", "ridge@init")));
    }

    @Test
    void records_without_condition_and_seed_take_them_from_the_label_or_the_spec() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("old"));
        Files.writeString(dir.resolve(RunFiles.SPEC), "name: old\nseed: 7\n");
        Files.writeString(dir.resolve(RunFiles.PROVENANCE), "{}");
        Files.writeString(dir.resolve(RunFiles.METRICS), String.join("\n",
                "{\"step\": 10, \"label\": \"small+aux\", \"split\": \"train\", \"loss\": 2.0}",
                "{\"step\": 10, \"label\": \"graft-aux-seed123\", \"split\": \"quick\", \"loss\": 1.5}",
                "{\"step\": 10, \"label\": \"baseline/seed-9\", \"split\": \"full\", \"loss\": 1.4}",
                "{\"step\": 10, \"condition\": \"x\", \"seed\": 5, \"label\": \"y-seed6\", \"loss\": 1.0}", ""));
        Files.createDirectories(dir.resolve("metrics"));
        Files.writeString(dir.resolve("metrics/extra.jsonl"), "{\"step\": 3, \"condition\": \"z\", \"seed\": 1, \"split\": \"train\", \"loss\": 9}\n");
        List<MetricPoint> m = RunContents.read(dir).metrics();
        assertEquals(5, m.size());
        assertEquals("small+aux", m.get(0).condition());
        assertEquals(7, m.get(0).seed(), "the spec's seed");
        assertEquals("graft-aux", m.get(1).condition());
        assertEquals(123, m.get(1).seed());
        assertEquals("baseline", m.get(2).condition());
        assertEquals(9, m.get(2).seed());
        assertEquals("x", m.get(3).condition());
        assertEquals(5, m.get(3).seed(), "explicit fields win over the label");
        assertEquals("train", m.get(3).split(), "a record without split is a training record");
        assertEquals("z", m.get(4).condition(), "per-run files under metrics/ are read too");
    }
}
