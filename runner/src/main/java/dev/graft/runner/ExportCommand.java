package dev.graft.runner;

import com.google.inject.Inject;
import dev.graft.interop.ModelExport;
import dev.graft.interop.NpzArchive;
import dev.graft.pipeline.CheckpointModel;
import dev.graft.plugin.PluginCatalog;
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

/** {@code graft export CHECKPOINT [--out F.npz]}: a model as NumPy arrays in TransformerLens-style names. */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Write a model checkpoint as a NumPy .npz (float32, x @ W, TransformerLens-style"
        + " names, a JSON 'config' entry); see docs/python.md.")
final class ExportCommand implements Runnable {

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

    @Option(names = "--out", paramLabel = "F.npz",
            description = "Output file, replaced atomically (default: beside the checkpoint, <checkpoint stem>.npz).")
    Path out;

    @Override
    public void run() {
        CheckpointModel loaded = CheckpointModel.load(graft.inject(this).plugins, checkpoint);
        Path target = OutputFiles.target(out, checkpoint, OutputFiles.stem(checkpoint) + ".npz");
        NpzArchive npz = ModelExport.archive(loaded.model(), loaded.checkpoint());
        try {
            npz.writeAtomically(target);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target + ": " + e.getMessage(), e);
        }
        PrintWriter pw = spec.commandLine().getOut();
        pw.printf(Locale.ROOT, "wrote %d arrays of %s (%s, step %d) to %s%n", npz.names().size(),
                loaded.model(), loaded.checkpoint().label(), loaded.checkpoint().step(), target);
        pw.flush();
    }
}
