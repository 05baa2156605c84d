package dev.graft.generators;

import java.util.Map;

/**
 * The one table of the {@code value-selfplay} presets: for each option that a preset fills in (an
 * option given as −1), its value under {@code fast} and under {@code study}, and the words an
 * option's description uses for them. {@link ValueSelfPlaySettings#resolve} reads the values and
 * {@link ValueSelfPlaySettings#specs} writes the descriptions from the same rows, so a preset
 * default is written once.
 */
final class ValueSelfPlayPresets {

    /** One option's preset values and how its description names them. */
    record Row(Number fast, String fastText, Number study, String studyText) {
        Number value(boolean forStudy) {
            return forStudy ? study : fast;
        }
    }

    private static Row row(Number fast, Number study) {
        return new Row(fast, String.valueOf(fast), study, String.valueOf(study));
    }

    private static final Map<String, Row> ROWS = Map.ofEntries(
            Map.entry(ValueSelfPlaySettings.ROUNDS, new Row(2, "2", Integer.MAX_VALUE,
                    "as many as the games asked for need")),
            Map.entry(ValueSelfPlaySettings.GAMES_PER_ROUND, row(100, 2500)),
            Map.entry(ValueSelfPlaySettings.TRAIN_STEPS, new Row(150, "150", -1,
                    "one epoch of " + ValueSelfPlayGenerator.POSITIONS_PER_GAME + " positions per training game")),
            Map.entry(ValueSelfPlaySettings.BATCH, row(64, 256)),
            Map.entry(ValueSelfPlaySettings.LR, new Row(1e-3, "1e-3 constant", 2.3e-4,
                    "2.3e-4 with a cosine decay over each round")),
            Map.entry(ValueSelfPlaySettings.D_MODEL, row(32, 80)),
            Map.entry(ValueSelfPlaySettings.HEADS, row(2, 4)),
            Map.entry(ValueSelfPlaySettings.D_HEAD, row(16, 16)),
            Map.entry(ValueSelfPlaySettings.LAYERS, row(2, 5)),
            Map.entry(ValueSelfPlaySettings.D_MLP, row(64, 320)),
            Map.entry(ValueSelfPlaySettings.RANDOM_MOVE, new Row(0.1, "0.1", 0.0, "0")));

    private ValueSelfPlayPresets() {
    }

    private static Row of(String option) {
        Row r = ROWS.get(option);
        if (r == null) {
            throw new IllegalArgumentException("no preset value for option " + option);
        }
        return r;
    }

    /** {@code value} when given (≥ 0), else the preset's. */
    static int orPreset(String option, int value, boolean study) {
        return value >= 0 ? value : of(option).value(study).intValue();
    }

    /** {@code value} when given (≥ 0), else the preset's. */
    static double orPreset(String option, double value, boolean study) {
        return value >= 0 ? value : of(option).value(study).doubleValue();
    }

    /** The presets' values as a description writes them: {@code fast 100, study 2500}. */
    static String named(String option, String separator) {
        Row r = of(option);
        return "fast " + r.fastText() + separator + " study " + r.studyText();
    }

    /** The presets' values, fast then study, without names: {@code 32, 80}. */
    static String pair(String option) {
        Row r = of(option);
        return r.fastText() + ", " + r.studyText();
    }
}
