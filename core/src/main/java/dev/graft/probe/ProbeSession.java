package dev.graft.probe;

import dev.graft.io.UserInputException;
import dev.graft.model.Transformer;
import dev.graft.spi.Probe;
import dev.graft.spi.Probe.ProbeResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Probes a model on a fixed {@link ProbeSet}: one forward pass gives every layer's CLS residual (after
 * the layer, before the final LayerNorm), and each probe fits every asked layer from it. Every fit of a
 * probe on a set of n positions uses the same held-out mask (from the split seed, n and the probe's
 * held-out fraction), so layers, controls, conditions and seeds are all scored on the same rows.
 * The shuffled control fits the same probe, on the same mask, to the targets permuted across positions
 * by a fixed permutation ({@code <label>/shuffled}); the initialisation control is the probe on the model
 * before training ({@link #init}, {@code <label>@init}).
 *
 * <p>A session only reads the model (a forward pass, which changes no parameter or gradient), so probing
 * during training leaves the training bitwise unchanged. Not thread-safe (nor is the model).
 */
public final class ProbeSession {

    /**
     * A probe of the spec with the plugin object that fits it.
     *
     * @param periodic false for a probe that runs only once at the end of training (a small model's
     *                 reference probe): no periodic probes, no step-0 probe, no initialisation control
     */
    public record Entry(ProbeSchedule schedule, Probe probe, boolean periodic) {
        public Entry {
            Objects.requireNonNull(schedule, "schedule");
            Objects.requireNonNull(probe, "probe");
        }

        public Entry(ProbeSchedule schedule, Probe probe) {
            this(schedule, probe, true);
        }
    }

    private final ProbeSet set;
    private final List<Entry> entries;
    private final long splitSeed;

    /**
     * @param set       the fixed probe positions (at least as many as the largest probe set asked; a
     *                  smaller set is used whole)
     * @param entries   the probes to fit, in order (the first one's final files go to {@code layer<k>/})
     * @param splitSeed seeds the held-out masks and the shuffled control's permutation (the spec's seed)
     */
    public ProbeSession(ProbeSet set, List<Entry> entries, long splitSeed) {
        this.set = Objects.requireNonNull(set, "set");
        this.entries = List.copyOf(entries);
        this.splitSeed = splitSeed;
        if (set.outputs() == 0 && !entries.isEmpty()) {
            throw new IllegalArgumentException("the probe set has no targets to probe");
        }
    }

    public ProbeSet set() {
        return set;
    }

    public List<Entry> entries() {
        return entries;
    }

    public long splitSeed() {
        return splitSeed;
    }

    /**
     * The same session with only the probes that run on models of this kind ({@code small} or {@code large});
     * a probe that runs on them only as the end-of-training reference is kept with {@code periodic} false.
     */
    public ProbeSession forModel(String model) {
        return new ProbeSession(set, entries.stream().filter(e -> e.schedule().probes(model))
                .map(e -> new Entry(e.schedule(), e.probe(), e.schedule().periodicOn(model))).toList(), splitSeed);
    }

    /** True when no probe is left to fit. */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The probes whose periodic probe is due after {@code step} finished steps. */
    public List<Entry> dueAt(long step) {
        return entries.stream().filter(e -> e.periodic() && e.schedule().dueAt(step)).toList();
    }

    /**
     * The periodic probes on the model before its first step, at step 0, under the probe's own label:
     * for a grafted model the representation it inherited, for a fresh one its initialisation. The
     * report's R² curves start here; the gap fits start at the first periodic probe, as the study's.
     */
    public List<ProbeRow> atStart(Transformer model, String condition, long seed) {
        List<Entry> periodic = entries.stream().filter(Entry::periodic).toList();
        List<ProbeRow> rows = new ArrayList<>();
        for (Fit f : fit(model, periodic, s -> s.positions(), 0)) {
            rows.add(f.row(condition, seed, 0, ProbeRow.PERIODIC, f.entry.schedule().label(), f.result));
        }
        return rows;
    }

    /**
     * The periodic probes due at {@code step} (and their shuffled controls), on the periodic probe set;
     * an empty list when none is due (then the model is not run).
     */
    public List<ProbeRow> periodic(Transformer model, String condition, long seed, long step) {
        List<Entry> due = dueAt(step);
        List<ProbeRow> rows = new ArrayList<>();
        for (Fit f : fit(model, due, s -> s.positions(), step)) {
            rows.addAll(f.rows(condition, seed, step, ProbeRow.PERIODIC));
        }
        return rows;
    }

    /** Every probe with a final set ({@code final_positions > 0}) on its final set, with the data behind each fit. */
    public FinalProbe finalProbe(Transformer model, String condition, long seed, long step) {
        List<Entry> withFinal = entries.stream().filter(e -> e.schedule().finalPositions() > 0 || !e.periodic()).toList();
        List<ProbeRow> rows = new ArrayList<>();
        List<FinalProbe.Layer> layers = new ArrayList<>();
        for (Fit f : fit(model, withFinal, ProbeSchedule::endPositions, step)) {
            List<ProbeRow> fitRows = f.rows(condition, seed, step, ProbeRow.FINAL);
            rows.addAll(fitRows);
            layers.add(new FinalProbe.Layer(f.entry.schedule(), f.entry == withFinal.get(0), f.layer, f.x, f.y, f.mask,
                    f.result, f.shuffled == null ? Double.NaN : f.shuffled.score(), fitRows.get(0)));
        }
        return new FinalProbe(condition, seed, step, rows, layers);
    }

    /**
     * The initialisation control: the probes that ask for it, fitted on a model before training, on the
     * periodic and the final sets. Compute it once per initial model and write its rows for every
     * condition that starts from those weights ({@link InitProbe#rowsFor}); the large models of one seed
     * share one initialisation, so one call per seed serves the baseline and every graft.
     */
    public InitProbe init(Transformer initialModel) {
        List<Entry> wanted = entries.stream().filter(e -> e.periodic() && e.schedule().init()).toList();
        List<ProbeRow> rows = new ArrayList<>();
        for (Fit f : fit(initialModel, wanted, s -> s.positions(), 0)) {
            rows.add(f.row("", 0, 0, ProbeRow.PERIODIC, f.entry.schedule().initLabel(), f.result));
        }
        List<Entry> withFinal = wanted.stream().filter(e -> e.schedule().finalPositions() > 0).toList();
        for (Fit f : fit(initialModel, withFinal, s -> s.finalPositions(), 0)) {
            rows.add(f.row("", 0, 0, ProbeRow.FINAL, f.entry.schedule().initLabel(), f.result));
        }
        return new InitProbe(rows);
    }

    /** One probe's fit at one layer, with its shuffled control when asked. */
    private final class Fit {
        final Entry entry;
        final int layer;
        final float[][] x;
        final float[][] y;
        final boolean[] mask;
        final ProbeResult result;
        final ProbeResult shuffled;

        Fit(Entry entry, int layer, float[][] x, float[][] y, boolean[] mask, ProbeResult result, ProbeResult shuffled) {
            this.entry = entry;
            this.layer = layer;
            this.x = x;
            this.y = y;
            this.mask = mask;
            this.result = result;
            this.shuffled = shuffled;
        }

        List<ProbeRow> rows(String condition, long seed, long step, String setName) {
            List<ProbeRow> out = new ArrayList<>();
            out.add(row(condition, seed, step, setName, entry.schedule().label(), result));
            if (shuffled != null) {
                out.add(row(condition, seed, step, setName, entry.schedule().shuffledLabel(), shuffled));
            }
            return out;
        }

        ProbeRow row(String condition, long seed, long step, String setName, String label, ProbeResult r) {
            int held = 0;
            for (boolean b : mask) {
                held += b ? 1 : 0;
            }
            return new ProbeRow(condition, seed, step, layer, label, r.score(), alphaOf(r), mask.length - held, held,
                    setName);
        }
    }

    /**
     * The model's own heads scored on the final probe set ({@link HeadScores}); empty when the probe set
     * has no outcomes (made from a dump) or nothing is probed at the end.
     */
    public Optional<HeadScores> heads(Transformer model) {
        int n = 0;
        for (Entry e : entries) {
            if (e.schedule().finalPositions() > 0 || !e.periodic()) {
                n = Math.max(n, Math.min(e.schedule().endPositions(), set.size()));
            }
        }
        if (n == 0 || set.outcomes().length == 0) {
            return Optional.empty();
        }
        checkModel(model);
        return Optional.of(HeadScores.of(model.predict(set.prefix(n).tokenIds(), n), set, n));
    }

    static double alphaOf(ProbeResult r) {
        return r.regularisation();
    }

    /** Runs the model once over the largest set the given probes need and fits each at each of its layers. */
    private List<Fit> fit(Transformer model, List<Entry> which, ToIntFunction<ProbeSchedule> size, long step) {
        if (which.isEmpty()) {
            return List.of();
        }
        checkModel(model);
        int n = 0;
        for (Entry e : which) {
            n = Math.max(n, Math.min(size.applyAsInt(e.schedule()), set.size()));
        }
        float[][][] residuals = model.predictWithResiduals(set.prefix(n).tokenIds(), n).clsResiduals();
        int features = model.shape().dModel();
        Map<String, boolean[]> masks = new HashMap<>();
        List<Fit> out = new ArrayList<>();
        for (Entry e : which) {
            int m = Math.min(size.applyAsInt(e.schedule()), set.size());
            double fraction = e.probe().heldoutFraction();
            boolean perProbe = e.schedule().splitPerProbe();
            boolean[] mask = masks.computeIfAbsent(m + "/" + fraction + "/" + perProbe, k -> perProbe
                    ? ProbeSet.heldoutMaskAt(m, fraction, splitSeed, step) : ProbeSet.heldoutMask(m, fraction, splitSeed));
            int held = ProbeSet.heldoutCount(m, fraction);
            Optional<String> why = e.probe().incompatibility(features, m - held, held);
            if (why.isPresent()) {
                throw new UserInputException("probe '" + e.schedule().label() + "' cannot be fitted on the " + m
                        + " probe positions the validation games give (" + (m - held) + " to fit, " + held
                        + " held out, " + features + " features): " + why.get() + ". Generate more games (data.games)"
                        + " or lower positions / final_positions.");
            }
            float[][] y = Arrays.copyOf(set.targets(), m);
            float[][] shuffledY = e.schedule().shuffled() ? ProbeSet.shuffledTargets(y, splitSeed) : null;
            int modelLayers = model.shape().layers();
            for (int layer : e.periodic() ? e.schedule().layersOf(modelLayers) : e.schedule().layersWithin(modelLayers)) {
                float[][] x = Arrays.copyOf(residuals[layer], m);
                ProbeResult r = e.probe().fit(x, y, mask);
                ProbeResult s = shuffledY == null ? null : e.probe().fit(x, shuffledY, mask);
                out.add(new Fit(e, layer, x, y, mask, r, s));
            }
        }
        return out;
    }

    private void checkModel(Transformer model) {
        if (model.game().tokens() != set.tokens()) {
            throw new IllegalArgumentException("the probe set's positions have " + set.tokens() + " tokens, but "
                    + model + " reads " + model.game().tokens());
        }
    }
}
