package dev.graft.spi;

import java.util.List;

/** A parametric curve y = f(t; p) fitted by least squares, e.g. a·t^(−b) + c. */
public interface FitModel {

    /** Parameter names in order, e.g. [a, b, c]. */
    List<String> parameters();

    /** Index of the asymptote parameter (the value as t → ∞). */
    int asymptoteIndex();

    double value(double t, double[] p);

    /** ∂f/∂p at t, written into {@code out}. */
    void gradient(double t, double[] p, double[] out);

    /** Start values for a fit to these points. */
    double[] start(double[] t, double[] y);

    double[] lowerBounds();

    double[] upperBounds();
}
