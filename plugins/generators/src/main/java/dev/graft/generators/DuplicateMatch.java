package dev.graft.generators;

import dev.graft.spi.GameRecord;

import java.util.List;

/**
 * A duplicate-game match between a candidate network and the accepted one, and the study's rule
 * for accepting the candidate. "Duplicate games": each random opening is played twice from the same
 * position, the candidate playing vertical in the first game and horizontal in the second, so
 * neither network profits from a lucky opening or from moving first. Per opening, the candidate
 * either won both games (a decisive opening for it), lost both (decisive for the accepted network),
 * or won one (a wash, which says nothing about who is better and is left out of the test). Match
 * game {@code 2i} is opening {@code i} with the candidate vertical, game {@code 2i + 1} the same
 * opening with the candidate horizontal.
 *
 * <p>Tests on the decisive openings, {@code b} won twice by the candidate and {@code c} by the
 * accepted network (under "equally good" each is the candidate's with probability ½):
 * <ul>
 *   <li>{@code mcnemar} (the study's): {@code z = (b − c)/√(b + c)}, two-sided normal p-value
 *       {@code erfc(|z|/√2)}; accepted when {@code b > c} and {@code p < significance}.</li>
 *   <li>{@code sign}: one-sided exact binomial tail {@code P(X ≥ b)}, X ~ Binomial(b + c, ½);
 *       accepted when {@code p < significance}.</li>
 * </ul>
 * With no decisive opening p is 1 and the candidate is not accepted.
 */
final class DuplicateMatch {
    static final String MCNEMAR = "mcnemar";
    static final String SIGN = "sign";

    private DuplicateMatch() {
    }

    /**
     * A match's outcome.
     *
     * @param candidateTwice openings the candidate won with both colours
     * @param acceptedTwice  openings the accepted network won with both colours
     * @param washes         openings each network won once, and openings with a drawn game
     * @param pValue         the test's p-value on the decisive openings
     * @param accepted       whether the candidate replaces the accepted network
     */
    record Result(int candidateTwice, int acceptedTwice, int washes, double pValue, boolean accepted) {
    }

    /** Scores match games in the order above and applies {@code test} at {@code significance}. */
    static Result score(List<GameRecord> games, String test, double significance) {
        if (games.size() % 2 != 0) {
            throw new IllegalArgumentException("a duplicate-game match has an even number of games, got " + games.size());
        }
        int b = 0;
        int c = 0;
        int washes = 0;
        for (int i = 0; i < games.size(); i += 2) {
            if (games.get(i).isDraw() || games.get(i + 1).isDraw()) {
                washes++; // a pair with a draw in it decides nothing
                continue;
            }
            boolean asVertical = games.get(i).winner() == 0;
            boolean asHorizontal = games.get(i + 1).winner() == 1;
            if (asVertical && asHorizontal) {
                b++;
            } else if (!asVertical && !asHorizontal) {
                c++;
            } else {
                washes++;
            }
        }
        double p = pValue(test, b, c);
        boolean accepted = p < significance && (test.equals(SIGN) || b > c);
        return new Result(b, c, washes, p, accepted);
    }

    static double pValue(String test, int b, int c) {
        return switch (test) {
            case MCNEMAR -> mcnemar(b, c);
            case SIGN -> signTest(b, c);
            default -> throw new IllegalArgumentException("unknown match test " + test);
        };
    }

    /** The study's McNemar p-value: two-sided, normal approximation; 1 when b + c = 0. */
    static double mcnemar(int b, int c) {
        if (b + c == 0) {
            return 1.0;
        }
        double z = (b - c) / Math.sqrt(b + c);
        return erfc(Math.abs(z) / Math.sqrt(2));
    }

    /** One-sided exact sign test: P(X ≥ b) for X ~ Binomial(b + c, ½); 1 when b + c = 0. */
    static double signTest(int b, int c) {
        int n = b + c;
        if (n == 0) {
            return 1.0;
        }
        // Sum C(n, k) / 2^n for k = b … n in logarithms, so large matches neither overflow nor underflow.
        double logHalfN = -n * Math.log(2);
        double sum = 0;
        double logChoose = logChoose(n, b);
        for (int k = b; k <= n; k++) {
            sum += Math.exp(logChoose + logHalfN);
            logChoose += Math.log((double) (n - k) / (k + 1));
        }
        return Math.min(1.0, sum);
    }

    private static double logChoose(int n, int k) {
        double s = 0;
        for (int i = 1; i <= k; i++) {
            s += Math.log((double) (n - k + i) / i);
        }
        return s;
    }

    /**
     * The complementary error function, to about 1e-15 relative: erfc(x) = Q(½, x²), the regularised
     * upper incomplete gamma function, by its power series for x² &lt; 1.5 and its continued fraction
     * (modified Lentz) beyond.
     */
    static double erfc(double x) {
        if (x < 0) {
            return 2 - erfc(-x);
        }
        double z = x * x;
        if (z < 1.5) {
            // erf(x) = 2/√π · Σ (−1)^n x^(2n+1) / (n! (2n+1))
            double term = x;
            double sum = x;
            for (int n = 1; n < 200; n++) {
                term *= -z / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
                    break;
                }
            }
            return 1 - 2 / Math.sqrt(Math.PI) * sum;
        }
        // Q(a, z) = e^(−z) z^a / Γ(a) · 1/(z + 1 − a − 1·(1 − a)/(z + 3 − a − 2·(2 − a)/(z + 5 − a − …))), a = ½.
        double a = 0.5;
        double tiny = 1e-300;
        double bCoef = z + 1 - a;
        double cLentz = 1 / tiny;
        double d = 1 / bCoef;
        double h = d;
        for (int i = 1; i < 500; i++) {
            double an = -i * (i - a);
            bCoef += 2;
            d = an * d + bCoef;
            if (Math.abs(d) < tiny) {
                d = tiny;
            }
            cLentz = bCoef + an / cLentz;
            if (Math.abs(cLentz) < tiny) {
                cLentz = tiny;
            }
            d = 1 / d;
            double delta = d * cLentz;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return Math.exp(-z + a * Math.log(z)) / Math.sqrt(Math.PI) * h;
    }
}
