package dev.graft.runner;

import com.google.inject.Inject;
import dev.graft.data.DumpTokens;
import dev.graft.io.AtomicFiles;
import dev.graft.io.UserInputException;
import dev.graft.measure.MeasureLog;
import dev.graft.measure.MeasurePositions;
import dev.graft.measure.MeasureRow;
import dev.graft.measure.MeasureSession;
import dev.graft.pipeline.CheckpointModel;
import dev.graft.plugin.PluginCatalog;
import dev.graft.plugin.PluginOptions;
import dev.graft.probe.ProbeSet;
import dev.graft.spi.GraftPlan;
import dev.graft.spi.Measure;
import dev.graft.spi.MeasuredModel;
import dev.graft.spi.PluginKind;
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
 * {@code graft measure CHECKPOINT [--source CK] --positions DUMP}: the spec's measures (docs/circuits.md) on
 * any checkpoint, like {@code graft probe}: the dump's positions, its aux targets and value targets (the
 * outcomes); with {@code --source} the small model a graft copied, small layer i taken as copied into large
 * layer {@code at + i} head by head and neuron by neuron (the front and offset strategies' plans). Writes
 * measures.csv into a new folder and prints a summary.
 */
@Command(name = "measure", mixinStandardHelpOptions = true, description = "Run measures (cka, drift, ablation,"
        + " patching, attention; see graft plugins) on a model checkpoint, on positions written by 'graft data dump'; writes"
        + " measures.csv. See docs/circuits.md.")
final class MeasureCommand implements Runnable {

    @ParentCommand
    GraftCommand graft;

    @Inject
    PluginCatalog plugins;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CHECKPOINT", description = "A large model's checkpoint a run wrote.")
    Path checkpoint;

    @Option(names = "--positions", required = true, paramLabel = "DUMP_DIR",
            description = "Folder written by 'graft data dump' (tokens.npy, value.npy and aux.npy are read).")
    Path positions;

    @Option(names = "--source", paramLabel = "CHECKPOINT",
            description = "The small model the checkpoint was grafted from (needed by drift and patching).")
    Path source;

    @Option(names = "--start", paramLabel = "CHECKPOINT",
            description = "The model's step-0 checkpoint, for cka.start (default: the checkpoint itself).")
    Path start;

    @Option(names = "--at", defaultValue = "0", paramLabel = "K",
            description = "Large layer that small layer 0 was copied into (default: ${DEFAULT-VALUE}, the front graft).")
    int at;

    @Option(names = "--measures", split = ",", paramLabel = "NAME",
            description = "Measures to run (default: cka and, with --source, drift).")
    List<String> measures;

    @Option(names = {"-o", "--option"}, paramLabel = "MEASURE.KEY=VALUE",
            description = "An option of one measure, e.g. -o cka.alpha=10 -o ablation.modes=zero (repeatable).")
    List<String> options = new ArrayList<>();

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S",
            description = "Seed of the held-out rows of the measures' fits (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "New folder for measures.csv (default: beside the"
            + " checkpoint, <checkpoint stem>.<DUMP_DIR name>.measure); never written over.")
    Path out;

    @Override
    public void run() {
        PluginCatalog catalog = graft.inject(this).plugins;
        List<String> names = measures != null && !measures.isEmpty() ? List.copyOf(measures)
                : source != null ? List.of("cka", "drift") : List.of("cka");
        Map<String, Map<String, Object>> given = new LinkedHashMap<>();
        names.forEach(n -> given.put(n, new LinkedHashMap<>()));
        for (String o : options) {
            int dot = o.indexOf('.');
            int eq = o.indexOf('=');
            if (dot <= 0 || eq <= dot + 1 || !given.containsKey(o.substring(0, dot))) {
                throw new UserInputException("--option " + o + ": write MEASURE.KEY=VALUE for one of the measures run ("
                        + String.join(", ", names) + "), e.g. -o cka.alpha=10");
            }
            given.get(o.substring(0, dot)).put(o.substring(dot + 1, eq).strip(), o.substring(eq + 1).strip());
        }
        List<MeasureSession.Entry> entries = new ArrayList<>();
        List<String> needSource = new ArrayList<>();
        for (String name : names) {
            PluginOptions.Made<Measure> made = PluginOptions.create(catalog, PluginKind.MEASURE, name, "--measures",
                    given.get(name));
            if (made.plugin().needsSource()) {
                needSource.add(name);
            }
            entries.add(new MeasureSession.Entry(name, made.plugin(), List.of(), List.of()));
        }
        if (source == null && !needSource.isEmpty()) {
            throw new UserInputException("--measures " + String.join(",", names) + ": " + String.join(", ", needSource)
                    + " compare" + (needSource.size() == 1 ? "s" : "") + " the model with the small model it was grafted"
                    + " from; give it with --source CHECKPOINT, or leave " + String.join(", ", needSource) + " out");
        }
        CheckpointModel model = CheckpointModel.load(catalog, checkpoint);
        Optional<CheckpointModel> small = Optional.ofNullable(source).map(p -> CheckpointModel.load(catalog, p));
        CheckpointModel first = start == null ? model : CheckpointModel.load(catalog, start);
        Optional<GraftPlan> plan = small.map(s -> plan(s, model));
        DumpTokens tokens = DumpTokens.read(positions, model.game(), model.describe());
        int n = tokens.n();
        if (n < 10) {
            throw new UserInputException("--positions " + positions + ": " + n + " positions are too few to measure;"
                    + " dump at least 10 (graft data dump --positions)");
        }
        float[][] targets = ProbeCommand.auxTargets(positions.resolve("aux.npy"), n);
        float[] outcomes = outcomes(positions.resolve("value.npy"), n);
        MeasurePositions at = new MeasurePositions(n, tokens.withCls(model.game()), targets, outcomes,
                ProbeSet.heldoutMask(n, 0.2, seed));
        MeasureSession session = new MeasureSession(entries, at);
        MeasuredModel now = session.view(model.model());
        MeasuredModel startView = start == null ? now : session.view(first.model());
        long t0 = System.nanoTime();
        String condition = model.checkpoint().label().replace('/', '_');
        List<MeasureRow> rows = session.measure(condition, 0, model.checkpoint().step(), now, startView,
                small.map(s -> session.view(s.model())), plan);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Path target = target();
        try {
            AtomicFiles.writeDirectory(target, dir -> MeasureLog.writeAll(dir.resolve("measures.csv"), rows));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target + ": " + e.getMessage(), e);
        }
        PrintWriter pw = spec.commandLine().getOut();
        pw.printf(Locale.ROOT, "%s of %s (step %d) on %,d positions%s: %d rows in %.1f s%n", String.join(", ", names),
                checkpoint, model.checkpoint().step(), n, small.isPresent() ? ", source " + source : "", rows.size(), seconds);
        Map<String, List<Double>> byMeasure = new LinkedHashMap<>();
        rows.forEach(r -> byMeasure.computeIfAbsent(r.measure(), k -> new ArrayList<>()).add(r.value()));
        pw.printf(Locale.ROOT, "%-36s %6s %10s %10s %10s%n", "measure", "rows", "mean", "min", "max");
        byMeasure.forEach((m, v) -> pw.printf(Locale.ROOT, "%-36s %6d %10.4f %10.4f %10.4f%n", m, v.size(),
                v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
                v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN)));
        pw.printf(Locale.ROOT, "wrote %s%n", target.resolve("measures.csv"));
        pw.flush();
    }

    /** Small layer i into large layer at+i, heads and neurons by index; refused where the large model lacks room. */
    private GraftPlan plan(CheckpointModel small, CheckpointModel large) {
        var s = small.model().shape();
        var l = large.model().shape();
        if (at < 0 || at + s.layers() > l.layers() || s.heads() > l.heads() || s.dMlp() > l.dMlp()) {
            throw new UserInputException("--source " + source + " (" + s.layers() + " layers, " + s.heads() + " heads, d_mlp "
                    + s.dMlp() + ") does not fit " + checkpoint + " (" + l.layers() + " layers, " + l.heads() + " heads, d_mlp "
                    + l.dMlp() + ") from layer --at " + at + "; give the small model the checkpoint was grafted from and"
                    + " the large layer its layer 0 went to (0 to " + Math.max(0, l.layers() - s.layers()) + ")");
        }
        List<GraftPlan.LayerCopy> copies = new ArrayList<>();
        for (int i = 0; i < s.layers(); i++) {
            copies.add(GraftPlan.LayerCopy.byIndex(i, at + i, s));
        }
        return new GraftPlan(copies, List.of(), true, true, true);
    }

    private static float[] outcomes(Path file, int n) {
        if (!Files.isRegularFile(file)) {
            throw new UserInputException(file + ": no such file; the measures' value loss reads the dump's value.npy,"
                    + " written by 'graft data dump'");
        }
        float[] v;
        try {
            v = NpyFile.read(file, 1 << 20).asFloatArray();
        } catch (Exception e) {
            throw new UserInputException(file + " is not a readable .npy array (" + e + ")", e);
        }
        if (v.length != n) {
            throw new UserInputException(file + " has " + v.length + " values but tokens.npy beside it has " + n
                    + " positions; give a dump written by one 'graft data dump'");
        }
        return v;
    }

    private Path target() {
        Path dumpName = positions.toAbsolutePath().normalize().getFileName();
        Path t = out != null ? out : checkpoint.toAbsolutePath().resolveSibling(OutputFiles.stem(checkpoint) + "."
                + (dumpName == null ? "positions" : dumpName) + ".measure");
        if (Files.exists(t)) {
            throw new UserInputException((out != null ? "--out " : "") + t + " already exists; give a new folder with --out"
                    + " (measure results are never written over)");
        }
        return t;
    }
}
