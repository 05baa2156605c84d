package dev.graft.data;

import dev.graft.io.UserInputException;

/**
 * Fractions of the games in the train, validation and test splits; each in 0…1, summing to 1.
 *
 * @throws UserInputException when a fraction is negative or not finite or they do not sum to 1
 */
public record SplitFractions(double train, double validation, double test) {

    public SplitFractions {
        for (double f : new double[] {train, validation, test}) {
            if (!(f >= 0 && f <= 1)) {
                throw new UserInputException("split fractions must each lie in 0…1, got train " + train
                        + ", validation " + validation + ", test " + test);
            }
        }
        if (Math.abs(train + validation + test - 1.0) > 1e-9) {
            throw new UserInputException("split fractions must sum to 1, got train " + train + " + validation "
                    + validation + " + test " + test + " = " + (train + validation + test));
        }
    }

    /** The study's split: 80 % train, 10 % validation, 10 % test. */
    public static SplitFractions standard() {
        return new SplitFractions(0.8, 0.1, 0.1);
    }
}
