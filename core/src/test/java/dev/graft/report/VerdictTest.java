package dev.graft.report;

import dev.graft.fit.FitStatus;
import dev.graft.fit.TestCurves;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalInt;
import java.util.function.DoubleUnaryOperator;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The verdict's words follow the numbers, and draw no conclusion from a fit that does not describe its curve. */
class VerdictTest {
    private static final Pattern CONCLUSION = Pattern.compile("persists|vanishes|reverses|lies above 0|lies below 0");

    private static final AnalysisSettings SETTINGS = new AnalysisSettings(
            List.of(new AnalysisSettings.NamedFit("exponential", TestCurves.Exponential.standard()),
                    new AnalysisSettings.NamedFit("rising line", new TestCurves.Line(0, 1, List.of(new double[] {0, 0.0001})))),
            100, List.of(0.4, 0.8), 7, false, "ridge", 1, OptionalInt.empty(), null);

    private static final AnalysisSettings EXPONENTIAL_ONLY = new AnalysisSettings(
            List.of(SETTINGS.fits().get(0)), 100, List.of(0.4, 0.8), 7, false, "ridge", 1, OptionalInt.empty(), null);

    /** Two seeds of the same curve with independent noise. */
    private static GapAnalysis analyse(DoubleUnaryOperator f, double noise, AnalysisSettings settings, int seeds) {
        double[] t = TestCurves.steps(20, 100);
        double[][] per = new double[seeds][];
        double[] mean = new double[t.length];
        long[] ids = new long[seeds];
        for (int s = 0; s < seeds; s++) {
            per[s] = TestCurves.noisy(t, f, noise, 10 + s);
            ids[s] = 42 + s;
            for (int i = 0; i < t.length; i++) {
                mean[i] += per[s][i] / seeds;
            }
        }
        GapCurve curve = new GapCurve(new Comparison(0, "graft+aux", "baseline", null), 2, true, ids, t, per, mean);
        return GapAnalysis.of(curve, settings, new dev.graft.fit.CurveFitter());
    }

    @Test
    void a_clean_decay_above_zero_persists_and_names_its_interval() {
        GapAnalysis a = analyse(x -> 0.04 + 0.1 * Math.exp(-x / 500), 0.002, EXPONENTIAL_ONLY, 2);
        assertEquals(FitStatus.OK, a.fits().get(0).check().status(), a.fits().get(0).check().reasons().toString());
        String v = Verdict.of(List.of(a));
        assertTrue(v.startsWith("graft+aux − baseline at layer 2: the mean gap shrank over the run"), v);
        assertTrue(v.contains("(2 seeds, 20 probe steps)"), v);
        assertTrue(v.contains("the interval lies above 0: the gap persists"), v);
    }

    @Test
    void a_block_bootstrap_that_ran_is_the_interval_the_verdict_reads() {
        // three seeds of one falling line, each shifted by its own offset for the whole run: mixing seeds step by
        // step averages the offsets away (an interval above 0); blocks of 5 steps keep them (one across 0)
        double[] t = TestCurves.steps(20, 100);
        double[][] per = new double[3][];
        double[] mean = new double[20];
        for (int s = 0; s < 3; s++) {
            double off = (s - 1) * 0.03;
            per[s] = TestCurves.noisy(t, x -> 0.03 + off - 0.00001 * x, 0.001, 10 + s);
            for (int i = 0; i < 20; i++) {
                mean[i] += per[s][i] / 3;
            }
        }
        GapCurve curve = new GapCurve(new Comparison(0, "graft+aux", "baseline", null), 2, true, new long[] {1, 2, 3}, t,
                per, mean);
        AnalysisSettings line = new AnalysisSettings(List.of(new AnalysisSettings.NamedFit("line",
                new TestCurves.Line(-1, 1, List.of(new double[] {0, 0})))), 400, List.of(0.4, 0.8), 7, false, "ridge", 1,
                OptionalInt.empty(), null);
        GapAnalysis plain = GapAnalysis.of(curve, line, new dev.graft.fit.CurveFitter());
        GapAnalysis block = GapAnalysis.of(curve, line.withStudies(new StudyAnalyses(50, 5, 0, 1e-6, 1e6, 0)),
                new dev.graft.fit.CurveFitter());
        ModelFit f = block.fits().get(0);
        assertEquals(FitStatus.OK, f.check().status(), f.check().reasons().toString());
        assertTrue(f.blockUsed());
        assertTrue(plain.fits().get(0).verdictInterval().lower() > 0, "plain: " + plain.fits().get(0).bootstrap().lower());
        assertTrue(f.verdictInterval().lower() < 0, "block: " + f.verdictInterval().lower());
        assertTrue(Verdict.of(List.of(plain)).contains("the gap persists"), Verdict.of(List.of(plain)));
        String v = Verdict.of(List.of(block));
        assertTrue(v.contains("(block bootstrap, block length 5)"), v);
        assertTrue(v.contains("a gap that vanishes is not ruled out"), v);
        assertFalse(v.contains("persists"), v);
    }

    @Test
    void only_the_fits_that_describe_the_curve_are_read() {
        GapAnalysis a = analyse(x -> 0.04 + 0.1 * Math.exp(-x / 500), 0.002, SETTINGS, 2);
        assertEquals(FitStatus.WRONG_SHAPE, a.fits().get(1).check().status());
        String v = Verdict.of(List.of(a));
        assertTrue(v.contains("asymptote under exponential"), v);
        assertTrue(v.contains("rising line: wrong-shape does not describe the curve"), v);
        assertFalse(v.contains("rising line 0."), v);
    }

    @Test
    void a_rising_gap_draws_no_conclusion_and_says_what_it_did() {
        GapAnalysis a = analyse(x -> 0.014 + 0.078 * (x - 100) / 1900, 0.003, EXPONENTIAL_ONLY, 2);
        String v = Verdict.of(List.of(a));
        assertTrue(v.contains("the mean gap grew over the run"), v);
        assertTrue(v.contains("no fit model describes it (exponential: wrong-shape)"), v);
        assertTrue(v.contains("train longer"), v);
        assertFalse(CONCLUSION.matcher(v).find(), v);
    }

    @Test
    void a_flat_gap_draws_no_conclusion() {
        String v = Verdict.of(List.of(analyse(x -> 0.06, 0.003, EXPONENTIAL_ONLY, 2)));
        assertTrue(v.contains("shows no trend"), v);
        assertTrue(v.contains("there is no decay to extrapolate"), v);
        assertFalse(CONCLUSION.matcher(v).find(), v);
    }

    @Test
    void a_decay_beyond_the_bounds_draws_no_conclusion() {
        GapAnalysis a = analyse(x -> 0.02 + 0.8 * Math.exp(-x / 30), 0.0005, EXPONENTIAL_ONLY, 2);
        assertEquals(FitStatus.ON_BOUND, a.fits().get(0).check().status());
        String v = Verdict.of(List.of(a));
        assertTrue(v.contains("no fit model describes it (exponential: on-bound)"), v);
        assertFalse(CONCLUSION.matcher(v).find(), v);
    }

    @Test
    void one_seed_gives_no_claim_about_zero() {
        String v = Verdict.of(List.of(analyse(x -> 0.04 + 0.1 * Math.exp(-x / 500), 0.002, EXPONENTIAL_ONLY, 1)));
        assertTrue(v.contains("(1 seed, 20 probe steps)"), v);
        assertTrue(v.contains("with one seed the bootstrap has nothing to resample"), v);
        assertFalse(CONCLUSION.matcher(v).find(), v);
    }

    @Test
    void a_run_that_cannot_answer_the_question_says_so_first_and_concludes_nothing() {
        GapAnalysis a = analyse(x -> 0.04 + 0.1 * Math.exp(-x / 500), 0.002, EXPONENTIAL_ONLY, 2);
        Preconditions p = new Preconditions(List.of("This run is too small to say anything about the question: ..."), false);
        String v = Verdict.of(List.of(a), p);
        assertTrue(v.startsWith("This run is too small"), v);
        assertTrue(v.contains("the run cannot answer the question"), v);
        assertFalse(CONCLUSION.matcher(v).find(), v);
    }

    @Test
    void the_html_verdict_is_a_table_with_one_sentence_per_comparison() {
        GapAnalysis a = analyse(x -> 0.04 + 0.1 * Math.exp(-x / 500), 0.002, SETTINGS, 2);
        String h = Verdict.html(List.of(a), Preconditions.none());
        assertTrue(h.contains("<table class=\"verdict-table\">"), h);
        assertTrue(h.contains("<td class=\"ok\""), h);
        assertTrue(h.contains(">wrong-shape</td>"), h);
        assertEquals(1, h.split("<li>", -1).length - 1, h);
    }
}
