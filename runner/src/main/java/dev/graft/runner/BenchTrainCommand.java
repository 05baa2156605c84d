package dev.graft.runner;

import com.google.inject.Inject;
import dev.graft.bench.BenchFigure;
import dev.graft.bench.BenchReport;
import dev.graft.bench.TrainBench;
import dev.graft.io.UserInputException;
import dev.graft.plugin.PluginCatalog;
import dev.graft.plugin.PluginOptions;
import dev.graft.spi.AuxiliaryTask;
import dev.graft.spi.Game;
import dev.graft.spi.ModelShape;
import dev.graft.spi.PluginKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code graft bench train}: full training steps (forward, backward, AdamW) of the seed's small or
 * large model; with {@code --peer} the PyTorch yardstick runs right after, on the same machine, and the
 * ratio is printed (speed is judged as that ratio).
 */
@Command(name = "train", description = "Training throughput of the seed's small or large model (forward, backward, AdamW).")
final class BenchTrainCommand implements Runnable {
    private static final Pattern PEER_RESULT = Pattern.compile("median_samples_per_s=([0-9.]+)");

    @ParentCommand
    BenchCommand bench;

    /** Injected by {@link GraftCommand#inject} where the command first needs the engine's plugins. */
    @Inject
    PluginCatalog plugins;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", defaultValue = "small", description = "small (3 layers × 4 heads, d_mlp 512) or large (6 × 8, 768); d_model 128, d_head 16.")
    String model;

    @Option(names = "--board", defaultValue = "16", description = "Domineering board size (default: ${DEFAULT-VALUE}).")
    int board;

    @Option(names = "--batch", defaultValue = "64", description = "Positions per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--warmup", defaultValue = "2", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--steps", defaultValue = "6", description = "Timed steps; the median is reported (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--peer", description = "Also run the PyTorch yardstick (shared/bench/torch_peer.py) with the same shapes and print the ratio.")
    boolean peer;

    @Option(names = "--peer-script", paramLabel = "FILE", description = "The yardstick script (default: ../shared/bench/torch_peer.py beside graft).")
    Path peerScript;

    @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "Python with torch for --peer (default: ${DEFAULT-VALUE}).")
    String python;

    @Option(names = "--concurrent", defaultValue = "2", description = "Also time this many independent trainings of the model at once, one native thread each, as two Java threads in one JVM (independent runs of a spec sharing the machine); 0 skips (default: ${DEFAULT-VALUE}).")
    int concurrent;

    @Option(names = "--no-quickstart", description = "Skip the rows for specs/quickstart.yaml's models (6×6 board, small batch 128, large batch 64).")
    boolean noQuickstart;

    @Option(names = "--json", description = "Also print one JSON line per figure.")
    boolean json;

    @Override
    public void run() {
        if (!model.equals("small") && !model.equals("large")) {
            throw new UserInputException("--model " + model + ": give small or large.");
        }
        if (batch < 1 || steps < 1 || warmup < 0) {
            throw new UserInputException("--batch and --steps must be at least 1 and --warmup at least 0.");
        }
        if (concurrent < 0 || concurrent > 16) {
            throw new UserInputException("--concurrent " + concurrent + ": give 0 (skip) to 16 trainings.");
        }
        PluginCatalog catalog = bench.graft.inject(this).plugins;
        Game game = PluginOptions.<Game>create(catalog, PluginKind.GAME, "domineering", "--board", Map.of("board", board)).plugin();
        AuxiliaryTask sectors = PluginOptions.<AuxiliaryTask>create(catalog, PluginKind.AUXILIARY_TASK, "sector-balance",
                "--board", Map.of()).plugin();
        int auxOutputs = sectors.incompatibility(game).isEmpty() ? sectors.outputs(game) : 0;
        Path script = peer ? peerScript() : null;

        TrainBench trainBench = new TrainBench(game, auxOutputs);
        List<BenchFigure> figures = new ArrayList<>(trainBench.run(model, batch, warmup, steps));
        double ours = figures.get(0).value();
        double theirs = Double.NaN;
        if (peer) {
            theirs = runPeer(script, TrainBench.shape(model));
            figures.add(new BenchFigure("torch-peer-" + model, theirs, "samples/s",
                    "shared/bench/torch_peer.py, same shapes, 2 threads, run right after"));
            figures.add(new BenchFigure("ratio-" + model, ours / theirs, "x", "graft / PyTorch, same machine, same run (target ≥ 1.5)"));
        }
        ModelShape shape = TrainBench.shape(model);
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1,
                org.nd4j.linalg.factory.Nd4j.getEnvironment().maxThreads()));
        threads = Math.min(threads, 2);
        int rows = Math.max(1, (batch + 1) / 2) * game.tokens();
        double gflops = TrainBench.sgemmGflops(rows, shape.dModel(), shape.dMlp(), threads, 2.0);
        figures.add(new BenchFigure("sgemm", gflops, "GFLOP/s", String.format(Locale.ROOT,
                "[%d x %d]·[%d x %d] float32, %d Java threads at once, %d native threads each", rows, shape.dModel(),
                shape.dModel(), shape.dMlp(), threads, org.nd4j.linalg.factory.Nd4j.getEnvironment().maxThreads())));
        double flops = trainBench.trainingFlopsPerSample(shape);
        double ceiling = TrainBench.CEILING_FRACTION * gflops * 1e9 / flops;
        figures.add(new BenchFigure("ceiling-" + model, ceiling, "samples/s", String.format(Locale.ROOT,
                "half the sgemm rate over %.2f GFLOP per sample (3x the forward's matrix products): a step's "
                        + "element-wise ops and small attention products keep it from the full rate", flops / 1e9)));
        figures.add(new BenchFigure("train-" + model + "-of-ceiling", ours / ceiling, "fraction", "graft / ceiling"));
        if (peer) {
            figures.add(new BenchFigure("torch-peer-" + model + "-of-ceiling", theirs / ceiling, "fraction", "PyTorch / ceiling"));
        }
        if (concurrent >= 2) {
            figures.add(trainBench.throughput("train-" + model + "-concurrent-" + concurrent, shape, batch, warmup, steps,
                    concurrent));
        }
        if (!noQuickstart) {
            Game q = PluginOptions.<Game>create(catalog, PluginKind.GAME, "domineering", "--board", Map.of("board", 6)).plugin();
            AuxiliaryTask qs = PluginOptions.<AuxiliaryTask>create(catalog, PluginKind.AUXILIARY_TASK, "sector-balance",
                    "--board", Map.of("sector", 3)).plugin();
            TrainBench quick = new TrainBench(q, qs.incompatibility(q).isEmpty() ? qs.outputs(q) : 0);
            figures.add(quick.throughput("quickstart-small", TrainBench.QUICKSTART_SMALL, TrainBench.QUICKSTART_SMALL_BATCH,
                    warmup, steps, 1));
            figures.add(quick.throughput("quickstart-large", TrainBench.QUICKSTART_LARGE, TrainBench.QUICKSTART_LARGE_BATCH,
                    warmup, steps, 1));
        }
        BenchReport.print(String.format(Locale.ROOT, "graft bench train — %s model, %d×%d board, batch %d", model,
                board, board, batch), figures, json, spec.commandLine().getOut());
        spec.commandLine().getOut().flush();
    }

    private Path peerScript() {
        Path p = peerScript;
        if (p == null) {
            String home = System.getenv("GRAFT_HOME");
            p = Path.of(home == null ? "." : home).resolve("../shared/bench/torch_peer.py").normalize();
        }
        if (!Files.isRegularFile(p)) {
            throw new UserInputException("--peer: the yardstick script " + p + " does not exist; give it with --peer-script FILE.");
        }
        return p;
    }

    private double runPeer(Path script, ModelShape shape) {
        List<String> cmd = List.of(python, script.toString(), "--board", Integer.toString(board), "--batch", Integer.toString(batch),
                "--layers", Integer.toString(shape.layers()), "--heads", Integer.toString(shape.heads()),
                "--d-mlp", Integer.toString(shape.dMlp()), "--d-model", Integer.toString(shape.dModel()),
                "--d-head", Integer.toString(shape.dHead()), "--steps", Integer.toString(steps));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor();
            Matcher m = PEER_RESULT.matcher(out);
            if (rc != 0 || !m.find()) {
                throw new UserInputException("--peer: " + String.join(" ", cmd) + " failed (exit " + rc + "): "
                        + out.strip() + "\nInstall Debian's python3-torch, or give --python.");
            }
            return Double.parseDouble(m.group(1));
        } catch (IOException e) {
            throw new UserInputException("--peer: cannot run " + python + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running the PyTorch yardstick", e);
        }
    }
}
