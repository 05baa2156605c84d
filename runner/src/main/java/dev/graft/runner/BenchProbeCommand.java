package dev.graft.runner;

import com.google.inject.Inject;
import dev.graft.plugin.PluginOptions;
import dev.graft.bench.BenchFigure;
import dev.graft.bench.BenchReport;
import dev.graft.bench.ProbeBench;
import dev.graft.bench.TrainBench;
import dev.graft.io.UserInputException;
import dev.graft.plugin.PluginCatalog;
import dev.graft.spi.AuxiliaryTask;
import dev.graft.spi.Game;
import dev.graft.spi.PluginKind;
import dev.graft.spi.Probe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code graft bench probe}: what one periodic probe of the study costs (a forward pass over the probe set
 * and the ridge fits at every layer), set against the training time between two probes when the
 * training rate is given; and the one-pass forward {@code graft predict} uses against the two passes it
 * used to run.
 */
@Command(name = "probe", description = "Cost of one periodic probe (forward pass + ridge fits at every layer) of the"
        + " seed's small or large model, and graft predict's one-pass forward against two passes.")
final class BenchProbeCommand implements Runnable {

    @ParentCommand
    BenchCommand bench;

    /** Injected by {@link GraftCommand#inject} where the command first needs the engine's plugins. */
    @Inject
    PluginCatalog plugins;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", defaultValue = "large", description = "small (3 layers × 4 heads, d_mlp 512) or large (6 × 8, 768); d_model 128 (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--board", defaultValue = "16", description = "Domineering board size (default: ${DEFAULT-VALUE}).")
    int board;

    @Option(names = "--positions", defaultValue = "1000", description = "Probe set size (default: ${DEFAULT-VALUE}).")
    int positions;

    @Option(names = "--repeats", defaultValue = "1", description = "Timed probes; the median is reported (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--two-passes", description = "Also time two forward passes, what graft predict ran before it used one.")
    boolean twoPasses;

    @Option(names = "--alpha", description = "Ridge alpha (default: the ridge probe's own alpha option).")
    Double alpha;

    @Option(names = "--train-rate", defaultValue = "0", paramLabel = "SAMPLES_PER_S",
            description = "Training samples/s of this model (from graft bench train), to print the probe's share of the"
                    + " training time between two probes.")
    double trainRate;

    @Option(names = "--steps-between", defaultValue = "1000", description = "Training steps between two probes (default: ${DEFAULT-VALUE}).")
    int stepsBetween;

    @Option(names = "--batch", defaultValue = "200", description = "Positions per training step (default: ${DEFAULT-VALUE}, the large models').")
    int batch;

    @Option(names = "--json", description = "Also print one JSON line per figure.")
    boolean json;

    @Override
    public void run() {
        if (!model.equals("small") && !model.equals("large")) {
            throw new UserInputException("--model " + model + ": give small or large.");
        }
        if (positions < 2 || repeats < 1 || stepsBetween < 1 || batch < 1 || trainRate < 0) {
            throw new UserInputException("--positions must be at least 2, --repeats, --steps-between and --batch at"
                    + " least 1, and --train-rate at least 0.");
        }
        PluginCatalog catalog = bench.graft.inject(this).plugins;
        Game game = PluginOptions.<Game>create(catalog, PluginKind.GAME, "domineering", "--board", Map.of("board", board)).plugin();
        AuxiliaryTask sectors = PluginOptions.<AuxiliaryTask>create(catalog, PluginKind.AUXILIARY_TASK, "sector-balance",
                "--board", Map.of()).plugin();
        int outputs = sectors.incompatibility(game).isEmpty() ? sectors.outputs(game) : 1;
        PluginOptions.Made<Probe> ridge = PluginOptions.create(catalog, PluginKind.PROBE, "ridge", "--alpha",
                alpha == null ? Map.of() : Map.of("alpha", alpha));
        List<BenchFigure> figures = new ProbeBench(game, outputs).run(model, TrainBench.shape(model), ridge.plugin(),
                positions, repeats, twoPasses, trainRate, stepsBetween, batch);
        BenchReport.print(String.format(Locale.ROOT, "graft bench probe — %s model, %d×%d board, %,d positions, %d targets",
                model, board, board, positions, outputs), figures, json, spec.commandLine().getOut());
        spec.commandLine().getOut().flush();
    }
}
