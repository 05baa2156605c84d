package dev.graft.model;

import dev.graft.spi.Game;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A deliberately naive forward pass in plain Java doubles, written from the architecture description
 * (loops, no fusion, no layout tricks), to check that the ND4J model computes the intended function.
 */
final class ReferenceForward {
    private ReferenceForward() {
    }

    /** Returns {value, policy logits..., aux...} for one position. */
    static double[][] run(Transformer m, byte[] tokens) {
        Game g = m.game();
        int t = g.tokens();
        int d = m.shape().dModel();
        int e = m.shape().dHead();
        int hh = m.shape().heads();
        double[][] x = new double[t][d];
        INDArray ws = m.parameter("embed.W_state");
        INDArray wp = m.parameter("pos_embed.W_pos");
        for (int i = 0; i < t; i++) {
            for (int c = 0; c < d; c++) {
                x[i][c] = ws.getDouble(tokens[i], c) + wp.getDouble(i, c);
            }
        }
        for (int l = 0; l < m.shape().layers(); l++) {
            String p = "blocks." + l + ".";
            double[][] a = layerNorm(x, m.parameter(p + "ln1.w"), m.parameter(p + "ln1.b"));
            double[][] attnOut = new double[t][d];
            for (int h = 0; h < hh; h++) {
                double[][] q = project(a, m.parameter(p + "attn.W_Q"), h, e);
                double[][] k = project(a, m.parameter(p + "attn.W_K"), h, e);
                double[][] v = project(a, m.parameter(p + "attn.W_V"), h, e);
                INDArray wo = m.parameter(p + "attn.W_O");
                for (int i = 0; i < t; i++) {
                    double[] s = new double[t];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < t; j++) {
                        for (int c = 0; c < e; c++) {
                            s[j] += q[i][c] * k[j][c];
                        }
                        s[j] /= Math.sqrt(e);
                        max = Math.max(max, s[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < t; j++) {
                        s[j] = Math.exp(s[j] - max);
                        sum += s[j];
                    }
                    double[] z = new double[e];
                    for (int j = 0; j < t; j++) {
                        for (int c = 0; c < e; c++) {
                            z[c] += s[j] / sum * v[j][c];
                        }
                    }
                    for (int o = 0; o < d; o++) {
                        for (int c = 0; c < e; c++) {
                            attnOut[i][o] += z[c] * wo.getDouble(h, c, o);
                        }
                    }
                }
            }
            add(x, attnOut);
            double[][] b = layerNorm(x, m.parameter(p + "ln2.w"), m.parameter(p + "ln2.b"));
            double[][] hid = linear(b, m.parameter(p + "mlp.W_in"), m.parameter(p + "mlp.b_in"));
            for (double[] row : hid) {
                for (int c = 0; c < row.length; c++) {
                    row[c] = gelu(row[c]);
                }
            }
            add(x, linear(hid, m.parameter(p + "mlp.W_out"), m.parameter(p + "mlp.b_out")));
        }
        double[][] h = layerNorm(x, m.parameter("ln_final.w"), m.parameter("ln_final.b"));
        double[][] cls = {h[t - 1]};
        double value = linear(cls, m.parameter("value.W"), m.parameter("value.b"))[0][0];
        double[] aux = m.auxOutputs() > 0 ? linear(cls, m.parameter("aux.W"), m.parameter("aux.b"))[0] : new double[0];
        double[] policy = new double[g.moves()];
        int k = g.maxSquaresPerMove();
        for (int mv = 0; mv < g.moves(); mv++) {
            int[] sq = g.moveSquares(mv);
            double[][] pair;
            if (PolicyPooling.of(g) == PolicyPooling.Rule.CONCAT) {
                pair = new double[1][k * d];
                for (int j = 0; j < k; j++) {
                    System.arraycopy(h[sq[j]], 0, pair[0], j * d, d);
                }
            } else if (sq.length == 0) {
                pair = new double[][]{m.parameter("policy.empty").dup().data().asDouble()};
            } else {
                pair = new double[1][d];
                for (int s : sq) {
                    for (int c = 0; c < d; c++) {
                        pair[0][c] += h[s][c] / sq.length;
                    }
                }
            }
            double[][] hidden = linear(pair, m.parameter("policy.W1"), m.parameter("policy.b1"));
            for (int c = 0; c < d; c++) {
                hidden[0][c] = gelu(hidden[0][c]);
            }
            policy[mv] = linear(hidden, m.parameter("policy.W2"), m.parameter("policy.b2"))[0][0];
        }
        return new double[][]{{value}, policy, aux};
    }

    static double gelu(double x) {
        return x * 0.5 * (1 + erf(x / Math.sqrt(2)));
    }

    /** erf by its Maclaurin series (|x| small here) or the complementary continued fraction. */
    static double erf(double x) {
        if (Math.abs(x) > 3) {
            // erfc(x) ≈ exp(−x²)/(x√π)·(1 − 1/(2x²) + 3/(4x⁴)); error < 1e-7 for |x| > 3
            double ax = Math.abs(x);
            double c = Math.exp(-ax * ax) / (ax * Math.sqrt(Math.PI)) * (1 - 1 / (2 * ax * ax) + 3 / (4 * Math.pow(ax, 4)));
            return Math.signum(x) * (1 - c);
        }
        double sum = 0;
        double term = x;
        for (int n = 0; n < 200; n++) {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    private static double[][] project(double[][] a, INDArray w, int head, int e) {
        double[][] out = new double[a.length][e];
        for (int i = 0; i < a.length; i++) {
            for (int c = 0; c < e; c++) {
                for (int r = 0; r < a[i].length; r++) {
                    out[i][c] += a[i][r] * w.getDouble(head, r, c);
                }
            }
        }
        return out;
    }

    private static double[][] linear(double[][] a, INDArray w, INDArray b) {
        int outDim = (int) w.size(1);
        double[][] out = new double[a.length][outDim];
        for (int i = 0; i < a.length; i++) {
            for (int o = 0; o < outDim; o++) {
                double s = b.getDouble(o);
                for (int r = 0; r < a[i].length; r++) {
                    s += a[i][r] * w.getDouble(r, o);
                }
                out[i][o] = s;
            }
        }
        return out;
    }

    private static double[][] layerNorm(double[][] x, INDArray w, INDArray b) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            double mean = 0;
            for (double v : x[i]) {
                mean += v;
            }
            mean /= x[i].length;
            double var = 0;
            for (double v : x[i]) {
                var += (v - mean) * (v - mean);
            }
            var /= x[i].length;
            out[i] = new double[x[i].length];
            for (int c = 0; c < x[i].length; c++) {
                out[i][c] = (x[i][c] - mean) / Math.sqrt(var + 1e-5) * w.getDouble(c) + b.getDouble(c);
            }
        }
        return out;
    }

    private static void add(double[][] x, double[][] y) {
        for (int i = 0; i < x.length; i++) {
            for (int c = 0; c < x[i].length; c++) {
                x[i][c] += y[i][c];
            }
        }
    }
}
