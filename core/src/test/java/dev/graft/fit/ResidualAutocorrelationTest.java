package dev.graft.fit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The residuals' ACF and effective number of points, against numpy computing the same definitions. */
class ResidualAutocorrelationTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @Test
    void the_acf_matches_numpy() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "needs /usr/bin/python3 with numpy");
        double[] x = TestCurves.noisy(TestCurves.steps(25, 1), v -> Math.sin(v / 3), 0.3, 11);
        String list = Arrays.stream(x).mapToObj(v -> String.format(Locale.ROOT, "%.17g", v)).collect(Collectors.joining(","));
        String script = "import numpy as np\n"
                + "x = np.array([" + list + "]); d = x - x.mean(); den = (d * d).sum()\n"
                + "print(' '.join(repr(float((d[:len(d)-k] * d[k:]).sum() / den)) for k in range(6)))\n";
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        Assumptions.assumeTrue(p.waitFor() == 0 || !out.contains("No module named"), "numpy missing: " + out);
        assertEquals(0, p.waitFor(), out);
        double[] numpy = Arrays.stream(out.split(" ")).mapToDouble(Double::parseDouble).toArray();
        assertArrayEquals(numpy, ResidualAutocorrelation.acf(x, 5), 1e-12);
    }

    @Test
    void correlated_residuals_shrink_the_effective_number_of_points() {
        TestCurves.Line flat = new TestCurves.Line(0, 0, java.util.List.of(new double[] {0, 0}));
        double[] t = TestCurves.steps(40, 1);
        // seed residuals that drift (a sine of period about 9 steps) against a fit y = 0
        double[][] seeds = {TestCurves.noisy(t, v -> 0.01 * Math.sin(v / 1.5), 0.0005, 1),
                TestCurves.noisy(t, v -> 0.01 * Math.cos(v / 1.5), 0.0005, 2)};
        FitResult zero = new FitResult(true, new double[] {0, 0}, 0, 0, 40, 1, 0, "");
        ResidualAutocorrelation r = ResidualAutocorrelation.of(flat, zero, t, seeds, 5);
        double rho = (ResidualAutocorrelation.acf(seeds[0], 1)[1] + ResidualAutocorrelation.acf(seeds[1], 1)[1]) / 2;
        assertEquals(rho, r.acf()[1], 1e-15);
        assertEquals(40 * (1 - rho) / (1 + rho), r.effectivePoints(), 1e-9);
        assertEquals(40 / r.effectivePoints(), r.varianceInflation(), 1e-12);
        org.junit.jupiter.api.Assertions.assertTrue(r.varianceInflation() > 3, "drift: " + r.varianceInflation());
    }
}
