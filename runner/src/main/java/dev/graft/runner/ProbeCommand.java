package dev.graft.runner;

import com.google.inject.Inject;
import dev.graft.pipeline.CheckpointModel;
import dev.graft.plugin.PluginOptions;
import dev.graft.data.DumpTokens;
import dev.graft.io.UserInputException;
import dev.graft.plugin.PluginCatalog;
import dev.graft.probe.FinalProbe;
import dev.graft.probe.ProbeFiles;
import dev.graft.probe.ProbeLog;
import dev.graft.probe.ProbeRow;
import dev.graft.probe.ProbeSchedule;
import dev.graft.probe.ProbeSession;
import dev.graft.probe.ProbeSet;
import dev.graft.spec.PluginRef;
import dev.graft.spi.PluginKind;
import dev.graft.spi.Probe;
import org.jetbrains.bio.npy.NpyArray;
import org.jetbrains.bio.npy.NpyFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code graft probe CHECKPOINT --positions DUMP}: the study's probe (ridge, R² on a fixed held-out
 * fifth) on any checkpoint's CLS residuals after each layer, with the dump's {@code aux.npy} as targets,
 * and the shuffled-target control; prints R² per layer and writes probes.csv and the probe files in
 * the run directory's layout.
 */
@Command(name = "probe", mixinStandardHelpOptions = true, description = "Probe a model checkpoint on positions written by"
        + " 'graft data dump': ridge R² (held-out rows) from each layer's CLS residual to the dump's aux targets,"
        + " with the shuffled-target control; prints a table and writes probes.csv and probes/…/layer<k>/ files."
        + " See docs/probes.md.")
final class ProbeCommand implements Runnable {

    @ParentCommand
    GraftCommand graft;

    /** Injected by {@link GraftCommand#inject} where the command first needs the engine's plugins. */
    @Inject
    PluginCatalog plugins;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CHECKPOINT",
            description = "A model checkpoint a run wrote: RUN_DIR/checkpoints/<label>/step-NNNNNN.ckpt.")
    Path checkpoint;

    @Option(names = "--positions", required = true, paramLabel = "DUMP_DIR",
            description = "Folder written by 'graft data dump' (tokens.npy and aux.npy are read).")
    Path positions;

    @Option(names = "--layers", split = ",", paramLabel = "K",
            description = "0-based layers to probe, e.g. 0,2 (default: every layer).")
    List<Integer> layers;

    @Option(names = "--probe", defaultValue = "ridge", paramLabel = "NAME",
            description = "Probe plugin (default: ${DEFAULT-VALUE}; see graft plugins).")
    String probeName;

    @Option(names = "--alpha", paramLabel = "A", description = "The probe's alpha option (ridge: its regularisation; default and limits as the probe declares them, graft plugins shows them).")
    Double alpha;

    @Option(names = "--heldout", paramLabel = "F", description = "The probe's heldout option: fraction of positions scored (default 0.2).")
    Double heldout;

    @Option(names = {"-o", "--option"}, paramLabel = "KEY=VALUE",
            description = "Any other option of the probe, e.g. -o alphas=0.1,1,10 -o standardize=true (repeatable).")
    List<String> options = new ArrayList<>();

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S",
            description = "Seed of the held-out rows and of the shuffled control (default: ${DEFAULT-VALUE}, the specs' default seed).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "New folder for probes.csv and probes/ (default: beside"
            + " the checkpoint, <checkpoint stem>.<DUMP_DIR name>.probe); never written over.")
    Path out;

    @Override
    public void run() {
        PluginCatalog catalog = graft.inject(this).plugins;
        Map<String, Object> given = new LinkedHashMap<>();
        for (String o : options) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new UserInputException("--option " + o + ": write KEY=VALUE, e.g. --option standardize=true");
            }
            given.put(o.substring(0, eq).strip(), o.substring(eq + 1).strip());
        }
        if (alpha != null) {
            given.put("alpha", alpha);
        }
        if (heldout != null) {
            given.put("heldout", heldout);
        }
        PluginOptions.Made<Probe> made = PluginOptions.create(catalog, PluginKind.PROBE, probeName, "--probe", given);
        Probe probe = made.plugin();

        CheckpointModel loaded = CheckpointModel.load(catalog, checkpoint);
        int modelLayers = loaded.model().shape().layers();
        List<Integer> probed = layers == null || layers.isEmpty() ? allLayers(modelLayers) : List.copyOf(layers);
        for (int l : probed) {
            if (l < 0 || l >= modelLayers) {
                throw new UserInputException("--layers " + l + ": " + loaded.describe() + " has " + modelLayers
                        + " layers; give 0-based layers from 0 to " + (modelLayers - 1));
            }
        }
        if (probed.stream().distinct().count() != probed.size()) {
            throw new UserInputException("--layers " + probed + ": list each layer once");
        }
        DumpTokens tokens = DumpTokens.read(positions, loaded.game(), loaded.describe());
        float[][] targets = auxTargets(positions.resolve("aux.npy"), tokens.n());
        int n = tokens.n();
        int held = Probe.heldoutRows(n, probe.heldoutFraction());
        int features = loaded.model().shape().dModel();
        Optional<String> why = n < 2 ? Optional.of("a probe needs at least 2 positions")
                : probe.incompatibility(features, n - held, held);
        if (why.isPresent()) {
            throw new UserInputException("--positions " + positions + ": " + n + " positions (" + (n - held)
                    + " to fit, " + held + " held out) are too few for probe '" + probeName + "' on d_model " + features
                    + ": " + why.get() + ". Dump more positions (graft data dump --positions).");
        }
        Path target = target();

        String condition = loaded.checkpoint().label();
        long step = loaded.checkpoint().step();
        long modelSeed = provenanceSeed(loaded);
        ProbeSet set = new ProbeSet(loaded.game().tokens(), tokens.withCls(loaded.game()), targets,
                new dev.graft.data.PositionRef[0]);
        PluginRef ref = new PluginRef(PluginKind.PROBE, probeName, made.options());
        ProbeSchedule schedule = new ProbeSchedule(probeName, ref, 1, n, n, probed, true, true, false);
        ProbeSession session = new ProbeSession(set, List.of(new ProbeSession.Entry(schedule, probe)), seed);
        long t0 = System.nanoTime();
        FinalProbe result = session.finalProbe(loaded.model(), condition, modelSeed, step);
        double seconds = (System.nanoTime() - t0) / 1e9;
        String targetsLine = DumpManifest.describeTargets(positions);
        writeAtomically(target, dir -> {
            new ProbeLog(dir.resolve("probes.csv")).append(result.rows());
            ProbeFiles.writeFinal(dir, result, List.of());
            if (Files.isRegularFile(positions.resolve(DumpManifest.FILE))) {
                Files.copy(positions.resolve(DumpManifest.FILE), dir.resolve(DumpManifest.FILE));
            }
        });
        spec.commandLine().getOut().printf(Locale.ROOT, "targets: %s%n", targetsLine);
        print(result, condition, step, n, target, seconds);
    }

    private static List<Integer> allLayers(int n) {
        List<Integer> all = new ArrayList<>();
        for (int l = 0; l < n; l++) {
            all.add(l);
        }
        return all;
    }

    private static long provenanceSeed(CheckpointModel loaded) {
        Map<String, Object> p = loaded.checkpoint().meta().provenance();
        return p != null && p.get("seed") instanceof Number s ? s.longValue() : 0L;
    }

    /** The dump's auxiliary targets, float32 [n, outputs] with n the tokens' row count and outputs ≥ 1. */
    static float[][] auxTargets(Path file, int n) {
        if (!Files.isRegularFile(file)) {
            throw new UserInputException(file + ": no such file; the probe's targets are the dump's aux.npy, written by"
                    + " 'graft data dump --aux TASK'");
        }
        NpyArray a;
        try {
            a = NpyFile.read(file, 1 << 20);
        } catch (Exception e) { // the (Kotlin) reader declares nothing; IOException or runtime errors
            throw new UserInputException(file + " is not a readable .npy array (" + e + ")", e);
        }
        int[] shape = a.getShape();
        Object data = a.getData();
        if (shape.length != 2 || !(data instanceof float[] || data instanceof double[])) {
            throw new UserInputException(file + " holds a " + shape.length + "-D " + data.getClass().getSimpleName()
                    + " array; expected float32 [positions, outputs]");
        }
        if (shape[0] != n) {
            throw new UserInputException(file + " has " + shape[0] + " rows but tokens.npy beside it has " + n
                    + " positions; give a dump written by one 'graft data dump'");
        }
        if (shape[1] < 1) {
            throw new UserInputException(file + " has no target columns (the dump was written without --aux);"
                    + " dump the positions again with --aux TASK");
        }
        float[] flat = a.asFloatArray();
        float[][] out = new float[n][shape[1]];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < shape[1]; j++) {
                float v = flat[i * shape[1] + j];
                if (!Float.isFinite(v)) {
                    throw new UserInputException(file + ": position " + i + ", output " + j + " is " + v
                            + "; targets must be finite numbers");
                }
                out[i][j] = v;
            }
        }
        return out;
    }

    private Path target() {
        Path dumpName = positions.toAbsolutePath().normalize().getFileName();
        Path t = out != null ? out : checkpoint.toAbsolutePath().resolveSibling(OutputFiles.stem(checkpoint) + "."
                + (dumpName == null ? "positions" : dumpName) + ".probe");
        if (Files.exists(t)) {
            boolean emptyFolder;
            try (var entries = Files.isDirectory(t) ? Files.list(t) : null) {
                emptyFolder = entries != null && entries.findAny().isEmpty();
            } catch (IOException e) {
                throw new UserInputException("--out " + t + " cannot be read: " + e.getMessage(), e);
            }
            if (!emptyFolder) {
                throw new UserInputException((out != null ? "--out " : "") + t + " already exists and is not an empty"
                        + " folder; give a new folder with --out (probe results are never written over)");
            }
        }
        return t;
    }

    @FunctionalInterface
    private interface FolderWriter {
        void write(Path dir) throws IOException;
    }

    /** Fills a temporary folder beside {@code target} and renames it into place once complete. */
    private static void writeAtomically(Path target, FolderWriter writer) {
        try {
            dev.graft.io.AtomicFiles.writeDirectory(target, writer::write);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target + ": " + e.getMessage(), e);
        }
    }

    private void print(FinalProbe result, String condition, long step, int n, Path target, double seconds) {
        PrintWriter pw = spec.commandLine().getOut();
        ProbeRow first = result.rows().get(0);
        pw.printf(Locale.ROOT, "%s probe of %s (%s, step %d) on %,d positions: %d fitted, %d held out%s%n", probeName,
                checkpoint, condition, step, n, first.nTrain(), first.nHeldout(),
                Double.isNaN(first.alpha()) ? "" : String.format(Locale.ROOT, ", alpha %s", trim(first.alpha())));
        pw.printf(Locale.ROOT, "%-6s %8s %12s%n", "layer", "R²", "shuffled R²");
        for (FinalProbe.Layer l : result.layers()) {
            pw.printf(Locale.ROOT, "%-6d %8.3f %12.3f%n", l.layer(), l.result().score(), l.shuffledR2());
        }
        pw.printf(Locale.ROOT, "wrote %s/probes.csv and %s in %.1f s%n", target,
                target.relativize(ProbeFiles.runFolder(target, condition, result.seed())), seconds);
        pw.flush();
    }

    private static String trim(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
