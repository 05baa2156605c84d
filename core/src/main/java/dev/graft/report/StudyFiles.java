package dev.graft.report;

import dev.graft.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files and plots of the study's further analyses beside fits.json: {@code alpha_sweep.json} and
 * {@code column_permutation.json} (each written when its analysis ran, removed when it no longer runs,
 * so a folder never holds one from other settings), the α sweep plot per key layer and the horizon
 * plot per gap.
 */
final class StudyFiles {
    private StudyFiles() {
    }

    static void write(Path runDir, FinalProbeAnalyses p, AnalysisSettings settings) throws IOException {
        Path sweep = runDir.resolve(AlphaSweep.FILE);
        if (p.sweep() != null) {
            AtomicFiles.writeString(sweep, AlphaSweep.json(p.sweep()));
        } else {
            Files.deleteIfExists(sweep);
        }
        Path columns = runDir.resolve(FinalProbeAnalyses.COLUMNS_FILE);
        if (!p.columns().isEmpty()) {
            AtomicFiles.writeString(columns, FinalProbeAnalyses.columnsJson(p.columns(), settings.studies().columnPermutations()));
        } else {
            Files.deleteIfExists(columns);
        }
    }

    static List<Plots.Plot> plots(RunContents run, List<GapAnalysis> analyses, FinalProbeAnalyses p) {
        List<Plots.Plot> out = new ArrayList<>();
        for (GapAnalysis a : analyses) {
            if (a.fits().stream().anyMatch(f -> !f.horizons().isEmpty())) {
                out.add(Plots.of(StudyPlots.horizons(a)));
            }
        }
        if (p.sweep() != null && !p.sweep().isEmpty()) {
            for (int layer : Plots.keyLayers(analyses)) {
                out.add(Plots.of(StudyPlots.alphaSweep(p.sweep(), run.conditions(), layer)));
            }
        }
        return out;
    }
}
