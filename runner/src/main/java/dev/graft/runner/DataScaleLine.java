package dev.graft.runner;

import dev.graft.data.GameMix;
import dev.graft.spec.DataSpec;
import dev.graft.spec.GraftSpec;
import dev.graft.spec.TrainingSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The lines {@code graft plan} adds about the data before any exists: the games of each part of the
 * mix, the training games and the steps they give each model size (with per-game position sampling
 * these are known from the spec alone), and the time to generate them, measured by playing two games of
 * each generator that plays without training (value self-play trains networks between its rounds and is
 * not measured here).
 */
final class DataScaleLine {
    private DataScaleLine() {
    }

    static String describe(GraftSpec spec, DataSample sample) {
        DataSpec d = spec.data();
        List<DataSpec.Part> parts = d.parts();
        double[] fractions = parts.stream().mapToDouble(DataSpec.Part::fraction).toArray();
        int[] counts = GameMix.counts(fractions, d.games());
        StringBuilder s = new StringBuilder();
        List<String> each = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            each.add(String.format(Locale.ROOT, "%s %,d", parts.get(i).generator().name(), counts[i]));
        }
        s.append(String.format(Locale.ROOT, "data: %,d games (%s)", d.games(), String.join(", ", each)));
        TrainingSpec t = spec.training();
        long trainGames = Math.round(d.split().train() * d.games());
        if (t.positions().perGameSampling() && t.steps() == 0) {
            double perEpoch = (double) trainGames * t.positions().perGame();
            s.append(String.format(Locale.ROOT, "; ≈ %,d training games × %d positions × %d epochs = ≈ %,d steps per large"
                            + " model (batch %d), ≈ %,d per small model (batch %d)", trainGames, t.positions().perGame(),
                    t.epochs(), (long) Math.ceil(t.epochs() * perEpoch / t.batch().large()), t.batch().large(),
                    (long) Math.ceil(t.epochs() * perEpoch / t.batch().small()), t.batch().small()));
        }
        s.append('\n');
        if (sample == null) {
            return s.toString();
        }
        List<String> times = new ArrayList<>();
        double total = 0;
        List<String> unmeasured = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            String name = parts.get(i).generator().name();
            double perGame = sample.secondsPerGame()[i];
            if (Double.isNaN(perGame)) {
                unmeasured.add(name);
                continue;
            }
            total += perGame * counts[i];
            times.add(sample.estimated()[i] != null
                    ? String.format(Locale.ROOT, "%s ≈ %s (estimated: %s)", name, hours(perGame * counts[i]),
                    sample.estimated()[i])
                    : String.format(Locale.ROOT, "%s %.2f s/game → %s", name, perGame, hours(perGame * counts[i])));
        }
        if (!times.isEmpty()) {
            s.append("data generation, one core (" + DataSample.TIMED_GAMES + " games of each generator played now;"
                    + " value self-play from its network's forward and training step timed now): ")
                    .append(String.join("; ", times))
                    .append(String.format(Locale.ROOT, "; together %s of core time", hours(total)));
            if (!unmeasured.isEmpty()) {
                s.append("; not measured: ").append(String.join(", ", unmeasured))
                        .append(" (self-play trains its networks between rounds)");
            }
            s.append('\n');
        }
        return s.toString();
    }

    private static String hours(double seconds) {
        return seconds >= 3600 ? String.format(Locale.ROOT, "%.1f h", seconds / 3600)
                : String.format(Locale.ROOT, "%.0f s", seconds);
    }
}
