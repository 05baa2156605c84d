package dev.graft.spec;

import dev.graft.spi.PluginKind;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.graft.spec.ValueType.any;
import static dev.graft.spec.ValueType.bool;
import static dev.graft.spec.ValueType.choice;
import static dev.graft.spec.ValueType.integer;
import static dev.graft.spec.ValueType.mapOf;
import static dev.graft.spec.ValueType.listOf;
import static dev.graft.spec.ValueType.numberAbove;
import static dev.graft.spec.ValueType.numberAtLeast;
import static dev.graft.spec.ValueType.numberBetween;
import static dev.graft.spec.ValueType.plugin;
import static dev.graft.spec.ValueType.string;
import static dev.graft.spec.ValueType.wideInteger;

/**
 * The schema of a graft spec: every section and field with its type, default and description,
 * and the cross-field rules. To add a setting, add one {@code .field(...)} line to its section
 * (and, for typed access, a component to the section's record); to add a section, declare it here
 * and add one {@code .section(...)} line to {@link #ROOT}.
 */
public final class SpecSchema {
    private SpecSchema() {
    }

    /** Tolerance for the split fractions summing to 1. */
    static final double SPLIT_TOLERANCE = 1e-9;

    public static final SectionSchema SPLIT = SectionSchema.builder("split",
                    "Fractions of the games (not positions) in each split; they sum to 1")
            .field("train", numberBetween(0, 1), 0.8, "fraction of games used for training")
            .field("validation", numberBetween(0, 1), 0.1, "fraction of games used for validation")
            .field("test", numberBetween(0, 1), 0.1, "fraction of games held out for testing")
            .check(SpecSchema::splitSumsToOne)
            .build();

    /** Tolerance for the fractions of a game mix summing to 1. */
    static final double MIX_TOLERANCE = 1e-9;

    /** One item of {@code data.mix}: a generator and the fraction of the games it plays. */
    public static final SectionSchema MIX_PART = SectionSchema.builder("part",
                    "A generator and the fraction of data.games it plays")
            .field("generator", plugin(PluginKind.GAME_GENERATOR), "random", "game generator plugin and its options")
            .field("fraction", new ValueType.NumberType(0.0, true, 1.0, false), 1.0,
                    "fraction of data.games this generator plays; the fractions of the mix sum to 1")
            .build();

    public static final SectionSchema DATA = SectionSchema.builder("data", "How the games are generated and split")
            .field("generator", plugin(PluginKind.GAME_GENERATOR), "random", "game generator plugin and its options;"
                    + " not used when data.mix is given")
            .field("mix", listOf(MIX_PART), List.of(), "several generators, each playing a fraction of the games"
                    + " (in list order; each game tagged with its part); replaces data.generator when not empty")
            .field("games", integer(1), 25000, "number of games to generate")
            .section(SPLIT)
            .field("threads", integer(0), 0, "worker threads for generation; 0 uses every core")
            .field("shards", integer(1), 1, "generate the games as this many tasks, each a range of game indices"
                    + " (run side by side by --parallel or on a cluster's workers, then merged); the games are the same"
                    + " for every count; at most data.games")
            .check(SpecSchema::mixSumsToOne)
            .check(SpecSchema::shardsAtMostGames)
            .build();

    public static final SectionSchema SMALL_MODEL = shape("small", "The small model, trained first and grafted",
            128, 16, 4, 3, 512);

    public static final SectionSchema LARGE_MODEL = shape("large", "The large model the small one is grafted into",
            128, 16, 8, 6, 768);

    public static final SectionSchema MODELS = SectionSchema.builder("models", "Transformer sizes")
            .section(SMALL_MODEL)
            .section(LARGE_MODEL)
            .field("init", choice("study", "small-normal"), "study", "initialisation of every model: study (embeddings"
                    + " N(0,1), W_Q/W_K/W_V N(0,1/d_model), W_O N(0,1/d_head), linear weights and biases"
                    + " U(±1/√fan_in), LayerNorm 1/0) or small-normal (weights N(0,0.02²), biases 0)")
            .check(SpecSchema::smallGraftsIntoLarge)
            .build();

    public static final SectionSchema BATCH = SectionSchema.builder("batch", "Positions per training step")
            .field("small", integer(1), 400, "batch size for the small models")
            .field("large", integer(1), 200, "batch size for the large models")
            .build();

    public static final SectionSchema LOSS = SectionSchema.builder("loss", "Weights of the loss terms")
            .field("value", numberAtLeast(0), 1.0, "weight of the value BCE loss")
            .field("policy", numberAtLeast(0), 0.2, "weight of the policy cross-entropy loss")
            .field("aux", numberAtLeast(0), 0.8, "weight of the auxiliary MSE loss (small models with aux only)")
            .build();

    public static final SectionSchema POSITIONS = SectionSchema.builder("positions",
                    "Which plies of the games are trained and validated on")
            .field("sampling", choice(PositionsSpec.PER_GAME, PositionsSpec.EVERY_PLY), PositionsSpec.PER_GAME,
                    "per-game: per_game plies of each training game drawn with replacement from [min_ply, length−1],"
                            + " redrawn every epoch (the study's); every-ply: every ply after each game's opening once per epoch")
            .field("per_game", integer(1), 57, "per-game sampling: plies drawn per training game and epoch"
                    + " (an epoch is per_game × training games positions)")
            .field("validation_per_game", integer(1), 20, "per-game sampling: plies drawn per validation game,"
                    + " once for the whole run")
            .field("min_ply", integer(PositionsSpec.BOARD_DEFAULT), PositionsSpec.BOARD_DEFAULT,
                    "per-game sampling: first ply drawn, for every game; games no longer than it are skipped;"
                            + " -1 = round(16·squares/256), the random opening (16 on 16×16, 4 on 8×8)")
            .build();

    public static final SectionSchema TRAINING = SectionSchema.builder("training", "How the models are trained")
            .field("lr", numberAbove(0), 2.3e-4, "AdamW peak learning rate, decayed to 0 by a cosine")
            .field("weight_decay", numberAtLeast(0), 0.01, "AdamW weight decay")
            .field("warmup_steps", integer(0), 0, "steps of linear warm-up before the cosine decay")
            .field("epochs", integer(1), 3, "epochs of training (positions.sampling says what an epoch holds); used when steps is 0")
            .field("steps", integer(0), 0, "total optimiser steps; 0 derives them from epochs")
            .section(BATCH)
            .section(LOSS)
            .field("validate_every", integer(1), 200, "steps between quick validations")
            .field("quick_validation_positions", integer(1), 1000, "positions in each quick validation")
            .field("checkpoint_every", integer(1), 500, "steps between checkpoints")
            .section(POSITIONS)
            .check(SpecSchema::warmupEndsBeforeTheLastStep)
            .build();

    /**
     * The protocol settings each item of {@code probes} takes beside its plugin's options (e.g.
     * {@code {name: ridge, alpha: 1.0, every: 500}}); declared here once for every probe plugin.
     */
    public static final SectionSchema PROBE_SETTINGS = SectionSchema.builder("probe settings",
                    "When, on which positions, layers and models a probe runs")
            .field("label", string(), "", "the probe's name in probes.csv and probes/ folders; empty: the plugin's name")
            .field("every", integer(1), 1000, "training steps between probes, from step `every` on")
            .field("positions", integer(2), 1000,
                    "validation positions probed during training: one fixed set for every condition and seed")
            .field("final_positions", integer(0), 2000,
                    "positions of the probe after the last step, whose files go to probes/; 0: no final probe")
            .field("layers", listOf(integer(0)), List.of(),
                    "0-based layers whose CLS residual (after the layer, before the final LayerNorm) is probed; []: all")
            .field("on", choice("large", "all"), "large", "which models are probed: large ones, or small ones too")
            .field("reference", bool(), true,
                    "also probe each small model once at the end of its training (final probe and heads.json): the reference"
                            + " the large models are read against, and the report's check that the small models learned anything")
            .field("split", choice("fixed", "per-probe"), "fixed",
                    "the held-out 20 %: one split for the whole run (less noise in the gap curve), or a new split at each"
                            + " probe step, shared by its layers (the study's protocol)")
            .field("symmetries", choice("identity", "random"), "identity",
                    "the probe positions as played, or each under its own random symmetry (the study's protocol);"
                            + " one probe set serves every probe, so all probes of a spec must agree")
            .field("controls", listOf(choice("shuffled", "init")), List.of("shuffled", "init"),
                    "controls: the probe on shuffled targets (<label>/shuffled) and on the initial weights (<label>@init)")
            .build();

    public static final SectionSchema ANALYSIS = SectionSchema.builder("analysis",
                    "Gap curves, their fits and bootstrap, plots and report.html (docs/fits.md, docs/report.md)")
            .field("fits", listOf(plugin(PluginKind.FIT_MODEL)), List.of("exponential-offset", "power-law-offset"),
                    "fit models fitted to each gap curve")
            .field("bootstrap", integer(100), 5000, "bootstrap replicates of each fitted asymptote")
            .field("prefixes", listOf(new ValueType.NumberType(0.0, true, 1.0, true)), List.of(0.2, 0.4, 0.6, 0.8),
                    "fractions f of each mean gap curve fitted to predict the rest (prefix cross-validation)")
            .field("seed", wideInteger(0), 0L, "seed of the bootstrap's resampling")
            .field("horizons", listOf(new ValueType.NumberType(0.0, true, 1.0, false)), List.of(),
                    "horizon stability: fractions f in (0, 1] of each gap curve's probe steps, each fitted and bootstrapped"
                            + " on its own (the study: 0.2, 0.4, 0.6, 0.8, 1.0); []: none")
            .field("horizon_bootstrap", integer(100), 300, "bootstrap replicates of each horizon's asymptote")
            .field("permutations", integer(1), 1000,
                    "permutations of the test of the fit residuals' within- against between-seed correlation (the study's)")
            .field("block_length", integer(0), 0,
                    "block bootstrap of each asymptote: 0 runs it when the autocorrelation diagnostic says the plain"
                            + " interval is too narrow, with a block length from the ACF; n ≥ 1 always runs it with n")
            .field("alpha_sweep", integer(0), 0,
                    "α sweep of the final probes: this many α values, log-spaced over alpha_range (the study: 100); 0: none")
            .field("alpha_range", listOf(numberAbove(0.0)), List.of(1.0e-6, 1.0e6),
                    "[smallest, largest] α of the sweep (the study: 1e-6 to 1e6)")
            .field("column_permutations", integer(0), 0,
                    "the final probe evaluated with its target columns permuted, this many times (the study's"
                            + " sector-permutation test: 1000); 0: none")
            .field("layers", choice("key", "all"), "key",
                    "gap curves at each comparison's key layer only, or at every layer both conditions were probed at")
            .field("probe", string(), "ridge", "probe whose R² the gap curves compare (as named in probes.csv)")
            .check(SpecSchema::fitsAreDistinct)
            .check(SpecSchema::alphaRangeIsARange)
            .build();

    public static final SectionSchema GRAFT = SectionSchema.builder("graft",
                    "Where a large condition's weights start: grafted from a small condition (absent: a fresh random initialisation)")
            .field("from", string(), "", "the small condition whose trained model is grafted (required)")
            .field("strategy", plugin(PluginKind.GRAFT_STRATEGY), "front", "graft strategy plugin and its options")
            .field("checkpoint", choice("best", "last"), "best",
                    "the source's checkpoint: best (lowest epoch-end validation loss) or last")
            .build();

    public static final SectionSchema CONDITION = SectionSchema.builder("condition",
                    "One model trained once per seed")
            .field("model", choice("small", "large"), "large", "which of models.small / models.large is trained")
            .field("auxiliary", bool(), false, "train with the auxiliary loss (small models only; large models never get it)")
            .optionalSection(GRAFT)
            .build();

    public static final SectionSchema COMPARISON = SectionSchema.builder("comparison",
                    "A gap curve: probe score of condition a minus that of condition b, per seed and step")
            .field("a", string(), "", "the condition whose score is reduced by b's (required)")
            .field("b", string(), "", "the condition subtracted (required)")
            .optional("layer", integer(0), "the layer compared; absent: the last large layer a's graft copied into (else b's)")
            .build();

    /** A condition's name: what a run folder and the metrics call it. */
    static final String CONDITION_NAME = "[A-Za-z0-9][A-Za-z0-9_+-]*";

    public static final SectionSchema EXPERIMENT = SectionSchema.builder("experiment",
                    "The conditions trained for every seed, and the gap curves compared")
            .field("seeds", listOf(wideInteger(0)), List.of(42L, 123L, 456L),
                    "every condition is trained once per seed (model initialisation and position order)")
            .field("conditions", mapOf(CONDITION, "name", "condition", CONDITION_NAME,
                            "letters, digits, '+', '-' and '_', starting with a letter or digit (e.g. graft+aux)"),
                    studyConditions(true),
                    "name → what to train; the study's five (without an auxiliary task: the three without the aux loss)")
            .field("compare", listOf(COMPARISON), studyComparisons(true), "gap curves a − b for the analysis")
            .check(SpecSchema::seedsAreDistinct)
            .build();

    public static final SectionSchema ROOT = SectionSchema.builder("", "A graft experiment")
            .reserved("extends", "a base spec this one overrides, relative to this file; read when loading")
            .field("name", string(), "", "run name; defaults to the spec file's name without .yaml")
            .field("description", string(), "", "free text describing the experiment")
            .field("seed", wideInteger(0), 42L, "seed of the data: games, split and validation positions (models take experiment.seeds)")
            .field("game", plugin(PluginKind.GAME), "domineering", "game plugin and its options")
            .field("auxiliary", listOf(plugin(PluginKind.AUXILIARY_TASK)), List.of(),
                    "auxiliary task plugins trained into the small model")
            .section(DATA)
            .section(MODELS)
            .section(TRAINING)
            .field("probes", listOf(plugin(PluginKind.PROBE, PROBE_SETTINGS)), List.of("ridge"),
                    "probes from each layer's CLS residual to the auxiliary targets, each with its protocol settings;"
                            + " probing needs auxiliary tasks ([] for none)")
            .check(ProbeChecks::layersAndLabels)
            .field("measures", MeasureSettings.type(), List.of(), MeasureSettings.DESCRIPTION)
            .section(EXPERIMENT)
            .field("sweep", mapOf(listOf(any()), "setting path", "value list", "\\S+",
                            "a dotted setting path such as experiment.conditions.graft+aux.graft.strategy.at"),
                    Map.of(), "setting path of a condition → values; each swept condition becomes one per combination, named like graft+aux[at=2]")
            .section(ANALYSIS)
            .build();

    /** The reference of every setting: path, type, default, description. */
    public static List<FieldDoc> reference() {
        return ROOT.reference("");
    }

    /** The reference as aligned text, one setting a line: path, type, default, description. */
    public static String referenceText() {
        StringBuilder out = new StringBuilder();
        for (FieldDoc d : reference()) {
            out.append(String.format("%-36s %-28s %-12s %s%n", d.path(), d.type(), d.defaultValue(), d.description()));
        }
        return out.toString();
    }

    /**
     * The study's conditions: small+aux, small-aux, baseline, graft+aux (from small+aux) and
     * graft-aux (from small-aux), both grafts by {@code front}; without an auxiliary task only the
     * three that do not need one.
     */
    static Map<String, Object> studyConditions(boolean withAuxiliary) {
        Map<String, Object> c = new LinkedHashMap<>();
        if (withAuxiliary) {
            c.put("small+aux", entry("model", "small", "auxiliary", true));
        }
        c.put("small-aux", entry("model", "small", "auxiliary", false));
        c.put("baseline", entry("model", "large"));
        if (withAuxiliary) {
            c.put("graft+aux", entry("model", "large", "graft", entry("from", "small+aux", "strategy", "front")));
        }
        c.put("graft-aux", entry("model", "large", "graft", entry("from", "small-aux", "strategy", "front")));
        return Collections.unmodifiableMap(c);
    }

    /** The study's gap curves: graft+aux − baseline, graft+aux − graft-aux, graft-aux − baseline. */
    static List<Object> studyComparisons(boolean withAuxiliary) {
        List<Object> c = new java.util.ArrayList<>();
        if (withAuxiliary) {
            c.add(entry("a", "graft+aux", "b", "baseline"));
            c.add(entry("a", "graft+aux", "b", "graft-aux"));
        }
        c.add(entry("a", "graft-aux", "b", "baseline"));
        return Collections.unmodifiableList(c);
    }

    private static Map<String, Object> entry(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    private static void seedsAreDistinct(Section experiment, CheckContext context) {
        List<?> seeds = (List<?>) experiment.get("seeds");
        if (seeds.isEmpty()) {
            context.error("seeds", "give at least one seed, e.g. [42, 123, 456].");
        } else if (new java.util.HashSet<>(seeds).size() != seeds.size()) {
            context.error("seeds", "seeds must differ (a repeated seed trains the same models twice): " + seeds + ".");
        }
    }

    private static SectionSchema shape(String name, String description, int dModel, int dHead, int heads,
                                       int layers, int dMlp) {
        return SectionSchema.builder(name, description)
                .field("d_model", integer(1), dModel, "width of the residual stream")
                .field("d_head", integer(1), dHead, "width of each attention head")
                .field("heads", integer(1), heads, "attention heads per layer")
                .field("layers", integer(1), layers, "transformer blocks")
                .field("d_mlp", integer(1), dMlp, "hidden width of each MLP")
                .build();
    }

    /**
     * The warm-up must end before the run does. With {@code steps} given this is checked here; with steps
     * derived from {@code epochs} the training stage checks it once the data is known.
     */
    private static void warmupEndsBeforeTheLastStep(Section training, CheckContext context) {
        int steps = training.integer("steps");
        int warmup = training.integer("warmup_steps");
        if (steps > 0 && warmup >= steps) {
            context.error("warmup_steps", "the warm-up (" + warmup + " steps) must end before the run's last step"
                    + " (steps: " + steps + "); lower warmup_steps below " + steps + " or raise steps.");
        }
    }

    private static void splitSumsToOne(Section split, CheckContext context) {
        double train = split.number("train");
        double validation = split.number("validation");
        double test = split.number("test");
        double sum = train + validation + test;
        if (Math.abs(sum - 1) > SPLIT_TOLERANCE) {
            double fix = 1 - train - validation;
            String suggestion = fix >= 0 && fix <= 1
                    ? " For example test: " + ValueType.formatNumber(roundForDisplay(fix)) + "."
                    : " Lower the larger fractions.";
            context.error("", "train + validation + test must sum to 1, got " + ValueType.formatNumber(train) + " + "
                    + ValueType.formatNumber(validation) + " + " + ValueType.formatNumber(test) + " = "
                    + ValueType.formatNumber(roundForDisplay(sum)) + "." + suggestion);
        }
    }

    private static void shardsAtMostGames(Section data, CheckContext context) {
        long shards = ((Number) data.get("shards")).longValue();
        long games = ((Number) data.get("games")).longValue();
        if (shards > games) {
            context.error("shards", "data.shards " + shards + " is more than the " + games + " games (data.games): every"
                    + " shard generates at least one game; give at most " + games + ".");
        }
    }

    private static void mixSumsToOne(Section data, CheckContext context) {
        List<?> mix = (List<?>) data.get("mix");
        if (mix.isEmpty()) {
            return;
        }
        if (mix.size() > Byte.MAX_VALUE) {
            context.error("mix", "a mix has at most " + Byte.MAX_VALUE + " parts (each game's part is stored as int8),"
                    + " got " + mix.size() + ".");
            return;
        }
        double sum = 0;
        List<String> terms = new java.util.ArrayList<>();
        for (Object part : mix) {
            double f = ((Section) part).number("fraction");
            sum += f;
            terms.add(ValueType.formatNumber(f));
        }
        if (Math.abs(sum - 1) > MIX_TOLERANCE) {
            context.error("mix", "the fractions of the mix must sum to 1, got " + String.join(" + ", terms) + " = "
                    + ValueType.formatNumber(roundForDisplay(sum)) + ". Give each generator its share of data.games,"
                    + " e.g. fraction: 0.5 for each of two.");
        }
    }

    private static double roundForDisplay(double v) {
        return Math.round(v * 1e12) / 1e12;
    }

    private static void fitsAreDistinct(Section analysis, CheckContext context) {
        List<PluginRef> fits = analysis.plugins("fits");
        for (int i = 0; i < fits.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (fits.get(i).equals(fits.get(j))) {
                    context.error("fits." + i, "fit model '" + fits.get(i).name() + "' is listed twice (items " + j
                            + " and " + i + "); list each model once.");
                }
            }
        }
    }

    private static void alphaRangeIsARange(Section analysis, CheckContext context) {
        List<?> range = (List<?>) analysis.get("alpha_range");
        if (range.size() != 2) {
            context.error("alpha_range", "alpha_range must be [smallest, largest], two numbers above 0, got " + range.size()
                    + (range.size() == 1 ? " number" : " numbers") + "; e.g. alpha_range: [1.0e-6, 1.0e6].");
            return;
        }
        double lo = ((Number) range.get(0)).doubleValue();
        double hi = ((Number) range.get(1)).doubleValue();
        if (lo > hi) {
            context.error("alpha_range", "alpha_range [" + ValueType.formatNumber(lo) + ", " + ValueType.formatNumber(hi)
                    + "] is empty: the smallest α comes first; write [" + ValueType.formatNumber(hi) + ", "
                    + ValueType.formatNumber(lo) + "].");
        }
    }

    private static void smallGraftsIntoLarge(Section models, CheckContext context) {
        Section small = models.section("small");
        Section large = models.section("large");
        // d_model may differ: strategies that grow the residual stream (widen) accept a multiple, the others
        // refuse the difference at graft.strategy with what would fit
        sameSize(small, large, "d_head", context);
        notLarger(small, large, "heads", context);
        notLarger(small, large, "layers", context);
        notLarger(small, large, "d_mlp", context);
    }

    private static void sameSize(Section small, Section large, String key, CheckContext context) {
        int s = small.integer(key);
        int l = large.integer(key);
        if (s != l) {
            report(context, key, "the small model must graft into the large one, so small." + key + " (" + s
                    + ") must equal large." + key + " (" + l + "); set both to the same value.");
        }
    }

    private static void notLarger(Section small, Section large, String key, CheckContext context) {
        int s = small.integer(key);
        int l = large.integer(key);
        if (s > l) {
            report(context, key, "the small model must graft into the large one, so small." + key + " (" + s
                    + ") must be at most large." + key + " (" + l + "); lower small." + key + " or raise large." + key + ".");
        }
    }

    /** Locates a small/large mismatch at the value the user wrote (the small one if both). */
    private static void report(CheckContext context, String key, String message) {
        String at = !context.isGiven("small." + key) && context.isGiven("large." + key) ? "large." + key : "small." + key;
        context.error(at, message);
    }
}
