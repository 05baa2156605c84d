package dev.graft.runner;

import com.google.inject.Inject;
import dev.graft.data.DumpTokens;
import dev.graft.interop.Predictions;
import dev.graft.pipeline.CheckpointModel;
import dev.graft.plugin.PluginCatalog;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;

/** {@code graft predict CHECKPOINT --positions DIR}: a model's outputs and CLS residuals on dumped positions. */
@Command(name = "predict", mixinStandardHelpOptions = true, description = "Run a model checkpoint on positions written by 'graft data dump' and write"
        + " value_logit, policy_logits, aux and resid_post as a NumPy .npz; see docs/python.md.")
final class PredictCommand implements Runnable {

    @ParentCommand
    GraftCommand graft;

    /** Injected by {@link GraftCommand#inject} where the command first needs the engine's plugins. */
    @Inject
    PluginCatalog plugins;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CHECKPOINT",
            description = "A model checkpoint a run wrote: RUN_DIR/checkpoints/<condition>/seed-<s>/step-NNNNNN.ckpt.")
    Path checkpoint;

    @Option(names = "--positions", required = true, paramLabel = "DUMP_DIR",
            description = "Folder written by 'graft data dump' (its tokens.npy is read).")
    Path positions;

    @Option(names = "--out", paramLabel = "F.npz", description = "Output file, replaced atomically"
            + " (default: beside the checkpoint, <checkpoint stem>.<DUMP_DIR name>.preds.npz).")
    Path out;

    @Option(names = "--batch", defaultValue = "256", paramLabel = "B",
            description = "Positions per batch (default: ${DEFAULT-VALUE}); never changes the outputs.")
    int batch;

    @Option(names = "--no-progress", description = "No progress bar (none is shown when the output is not a terminal).")
    boolean noProgress;

    @Override
    public void run() {
        DataCommand.requirePositive("--batch", batch);
        CheckpointModel loaded = CheckpointModel.load(graft.inject(this).plugins, checkpoint);
        DumpTokens tokens = DumpTokens.read(positions, loaded.game(), loaded.describe());
        Path dumpName = positions.toAbsolutePath().normalize().getFileName();
        Path target = OutputFiles.target(out, checkpoint, OutputFiles.stem(checkpoint) + "."
                + (dumpName == null ? "positions" : dumpName) + ".preds.npz");
        long start = System.nanoTime();
        Predictions p;
        boolean bar = !noProgress && System.console() != null && tokens.n() > batch;
        try (ProgressBar progress = bar ? progressBar(tokens.n()) : null) {
            p = Predictions.compute(loaded.model(), tokens.withCls(loaded.game()), tokens.n(), batch,
                    done -> {
                        if (progress != null) {
                            progress.stepTo(done);
                        }
                    });
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        try {
            p.archive().writeAtomically(target);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target + ": " + e.getMessage(), e);
        }
        PrintWriter pw = spec.commandLine().getOut();
        pw.printf(Locale.ROOT, "wrote predictions of %s (%s, step %d) on %,d positions to %s in %.1f s (%.1f positions/s)%n",
                loaded.model(), loaded.checkpoint().label(), loaded.checkpoint().step(), tokens.n(), target, seconds,
                tokens.n() / Math.max(seconds, 1e-9));
        pw.flush();
    }

    private static ProgressBar progressBar(int n) {
        return new ProgressBarBuilder()
                .setTaskName("predict")
                .setInitialMax(n)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .setUnit(" positions", 1)
                .build();
    }
}
