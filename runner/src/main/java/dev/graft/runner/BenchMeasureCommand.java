package dev.graft.runner;

import com.google.inject.Inject;
import dev.graft.bench.BenchFigure;
import dev.graft.bench.BenchReport;
import dev.graft.bench.MeasureBench;
import dev.graft.bench.TrainBench;
import dev.graft.io.UserInputException;
import dev.graft.plugin.PluginCatalog;
import dev.graft.plugin.PluginOptions;
import dev.graft.spi.AuxiliaryTask;
import dev.graft.spi.Game;
import dev.graft.spi.Measure;
import dev.graft.spi.PluginKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code graft bench measure}: what one measurement pass of each measure costs on the study's grafted large model. */
@Command(name = "measure", description = "Cost of one measurement pass of each measure (cka, drift, …) on the study's"
        + " large model grafted from its small one (docs/circuits.md).")
final class BenchMeasureCommand implements Runnable {

    @ParentCommand
    BenchCommand bench;

    @Inject
    PluginCatalog plugins;

    @Spec
    CommandSpec spec;

    @Option(names = "--board", defaultValue = "16", description = "Domineering board size (default: ${DEFAULT-VALUE}).")
    int board;

    @Option(names = "--positions", defaultValue = "1000", description = "Measured positions (default: ${DEFAULT-VALUE}).")
    int positions;

    @Option(names = "--measures", split = ",", defaultValue = "cka,drift",
            description = "Measures to time, each on its own (default: ${DEFAULT-VALUE}).")
    List<String> measures;

    @Option(names = "--repeats", defaultValue = "1", description = "Timed passes; the median is reported (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--train-rate", defaultValue = "0", paramLabel = "SAMPLES_PER_S",
            description = "Training samples/s of the large model (from graft bench train), to print each measure's share"
                    + " of the training time between two probes.")
    double trainRate;

    @Option(names = "--steps-between", defaultValue = "1000", description = "Training steps between two probes (default: ${DEFAULT-VALUE}).")
    int stepsBetween;

    @Option(names = "--batch", defaultValue = "200", description = "Positions per training step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--json", description = "Also print one JSON line per figure.")
    boolean json;

    @Override
    public void run() {
        if (positions < 10 || repeats < 1 || stepsBetween < 1 || batch < 1 || trainRate < 0) {
            throw new UserInputException("--positions must be at least 10, --repeats, --steps-between and --batch at"
                    + " least 1, and --train-rate at least 0.");
        }
        PluginCatalog catalog = bench.graft.inject(this).plugins;
        Game game = PluginOptions.<Game>create(catalog, PluginKind.GAME, "domineering", "--board", Map.of("board", board)).plugin();
        AuxiliaryTask sectors = PluginOptions.<AuxiliaryTask>create(catalog, PluginKind.AUXILIARY_TASK, "sector-balance",
                "--board", Map.of()).plugin();
        int outputs = sectors.incompatibility(game).isEmpty() ? sectors.outputs(game) : 1;
        Map<String, Measure> made = new LinkedHashMap<>();
        for (String name : measures) {
            made.put(name, PluginOptions.<Measure>create(catalog, PluginKind.MEASURE, name, "--measures", Map.of()).plugin());
        }
        List<BenchFigure> figures = new MeasureBench(game, outputs).run(TrainBench.shape("small"), TrainBench.shape("large"),
                made, positions, repeats, trainRate, stepsBetween, batch);
        BenchReport.print(String.format(Locale.ROOT, "graft bench measure — large model grafted from the small one, %d×%d"
                + " board, %,d positions", board, board, positions), figures, json, spec.commandLine().getOut());
        spec.commandLine().getOut().flush();
    }
}
