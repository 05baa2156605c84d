package dev.graft.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.graft.plugin.PluginOptions;
import dev.graft.probe.ColumnPermutation;
import dev.graft.spi.PluginKind;
import dev.graft.spi.Probe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The analyses of the final probes' saved data ({@code probes/<condition>-seed<s>/layer<k>/}): the α
 * sweep ({@link AlphaSweep}) and the target-column permutation test ({@link ColumnPermutation}), on the
 * key layers (every probed layer with {@code analysis.layers: all}), for every condition and seed whose
 * folder is there.
 *
 * @param sweep   the α sweep, null when not asked
 * @param columns the column permutation tests, empty when not asked
 * @param skipped why an asked analysis found nothing to run on, or null
 */
record FinalProbeAnalyses(AlphaSweep.Result sweep, List<Column> columns, String skipped) {
    static final String COLUMNS_FILE = "column_permutation.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One final probe's column permutation test beside its row-shuffle control. */
    record Column(String condition, long seed, int layer, double shuffledRowsR2, ColumnPermutation.Result test) {
    }

    static FinalProbeAnalyses none() {
        return new FinalProbeAnalyses(null, List.of(), null);
    }

    boolean asked() {
        return sweep != null || !columns.isEmpty() || skipped != null;
    }

    static FinalProbeAnalyses of(RunContents run, SortedSet<Integer> keyLayers, AnalysisSettings settings) {
        StudyAnalyses s = settings.studies();
        if (s.alphaCount() == 0 && s.columnPermutations() == 0) {
            return none();
        }
        if (settings.catalog() == null) {
            return new FinalProbeAnalyses(null, List.of(), "no plugin catalog to create the probe from");
        }
        List<FinalProbeFolder> folders = folders(run, keyLayers, settings);
        if (folders.isEmpty()) {
            return new FinalProbeAnalyses(null, List.of(), "no final probe data under probes/ (the final probe writes it;"
                    + " a probe with final_positions: 0 has none)");
        }
        AlphaSweep.Result sweep = s.alphaCount() > 0 ? AlphaSweep.run(folders, s.alphas(), settings.catalog()) : null;
        List<Column> columns = new ArrayList<>();
        if (s.columnPermutations() > 0) {
            for (FinalProbeFolder f : folders) {
                Probe probe = PluginOptions.<Probe>create(settings.catalog(), PluginKind.PROBE, f.plugin(),
                        "column permutation", f.options()).plugin();
                ColumnPermutation.Result r = ColumnPermutation.run(probe, f.activations(), f.targets(), f.heldout(),
                        s.columnPermutations(), settings.seed());
                if (r != null) {
                    columns.add(new Column(f.condition(), f.seed(), f.layer(), f.shuffledR2(), r));
                }
            }
        }
        return new FinalProbeAnalyses(sweep, columns, null);
    }

    private static List<FinalProbeFolder> folders(RunContents run, SortedSet<Integer> keyLayers, AnalysisSettings settings) {
        List<FinalProbeFolder> out = new ArrayList<>();
        for (String condition : run.conditions()) {
            SortedSet<Integer> layers = new TreeSet<>(run.probes().layers(condition, settings.probe()));
            if (!settings.allLayers()) {
                layers.retainAll(keyLayers);
            }
            for (int layer : layers) {
                for (long seed : run.probes().finalR2(condition, layer, settings.probe()).keySet()) {
                    FinalProbeFolder.read(run.root(), condition, seed, layer, settings.probe()).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    static String columnsJson(List<Column> columns, int permutations) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("about", "the final probe fitted once, scored on its held-out rows with the target columns permuted; "
                + "null: the probe does not tell the columns apart; p = (1 + #{permuted r2 >= r2}) / (1 + scored)");
        m.put("permutations", permutations);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Column c : columns) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("condition", c.condition());
            e.put("seed", c.seed());
            e.put("layer", c.layer());
            e.put("columns", c.test().columns());
            e.put("r2", finite(c.test().r2()));
            e.put("scored", c.test().nullR2().length);
            e.put("exact", c.test().exact());
            e.put("null_mean", finite(c.test().nullMean()));
            e.put("null_sd", finite(c.test().nullSd()));
            e.put("p_value", c.test().pValue());
            e.put("shuffled_rows_r2", finite(c.shuffledRowsR2()));
            list.add(e);
        }
        m.put("probes", list);
        try {
            return JSON.writeValueAsString(m) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
