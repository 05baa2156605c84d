package dev.graft.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Game indices of the train, validation and test splits, each sorted ascending; every game of the
 * batch is in exactly one split, so no game contributes positions to two splits.
 *
 * <p>Sizes: validation = {@code round(games·validation)}, test = {@code round(games·test)} (half
 * rounds up), train = the rest; when rounding would overshoot, test then validation give back a
 * game. Which games go where is a shuffle seeded by {@code seed} alone.
 */
public record GameSplit(int[] train, int[] validation, int[] test) {

    /** Which split. */
    public enum Part {
        TRAIN, VALIDATION, TEST;

        /** Lower-case name, e.g. {@code validation}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public GameSplit {
        train = train.clone();
        validation = validation.clone();
        test = test.clone();
    }

    /** Splits games {@code 0 … games−1}. */
    public static GameSplit of(int games, SplitFractions fractions, long seed) {
        if (games < 0) {
            throw new IllegalArgumentException("games must be ≥ 0, got " + games);
        }
        int validation = (int) Math.round(games * fractions.validation());
        int test = (int) Math.round(games * fractions.test());
        while (validation + test > games) {
            if (test > 0) {
                test--;
            } else {
                validation--;
            }
        }
        int train = games - validation - test;
        int[] order = new int[games];
        for (int i = 0; i < games; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(GameGeneration.mix(seed ^ 0x5EED5B11L));
        for (int i = games - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] a = Arrays.copyOfRange(order, 0, train);
        int[] b = Arrays.copyOfRange(order, train, train + validation);
        int[] c = Arrays.copyOfRange(order, train + validation, games);
        Arrays.sort(a);
        Arrays.sort(b);
        Arrays.sort(c);
        return new GameSplit(a, b, c);
    }

    /** The indices of one part (a copy). */
    public int[] games(Part part) {
        return switch (part) {
            case TRAIN -> train.clone();
            case VALIDATION -> validation.clone();
            case TEST -> test.clone();
        };
    }

    @Override
    public int[] train() {
        return train.clone();
    }

    @Override
    public int[] validation() {
        return validation.clone();
    }

    @Override
    public int[] test() {
        return test.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GameSplit s && Arrays.equals(train, s.train) && Arrays.equals(validation, s.validation)
                && Arrays.equals(test, s.test);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(train) * 961 + Arrays.hashCode(validation) * 31 + Arrays.hashCode(test);
    }

    @Override
    public String toString() {
        return "GameSplit[train " + train.length + ", validation " + validation.length + ", test " + test.length + "]";
    }
}
