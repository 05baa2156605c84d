package dev.graft.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.SoftmaxBp;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Profiling aid (not a test): the attention kernels of one layer in isolation, B=64, T=257, E=16, H from args. */
public final class AttentionProbeMain {
    private AttentionProbeMain() {
    }

    public static void main(String[] args) {
        int hh = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int b = 64, t = 257, e = 16;
        INDArray q = Nd4j.rand(DataType.FLOAT, b, hh, t, e);
        INDArray k = Nd4j.rand(DataType.FLOAT, b, hh, t, e);
        INDArray s = Nd4j.rand(DataType.FLOAT, b, hh, t, t);
        INDArray p = Nd4j.create(DataType.FLOAT, b, hh, t, t);
        INDArray p2 = Nd4j.create(DataType.FLOAT, b, hh, t, t);
        INDArray o = Nd4j.create(DataType.FLOAT, b, hh, t, e);
        INDArray oT = Nd4j.create(DataType.FLOAT, b, hh, e, t);
        INDArray rows = Nd4j.create(DataType.FLOAT, (long) b * hh * t, 1);
        Map<String, Runnable> ops = new LinkedHashMap<>();
        ops.put("QK^T", () -> Nd4j.matmul(q, k, s, false, true, false));
        ops.put("PV", () -> Nd4j.matmul(p, k, o, false, false, false));
        ops.put("P^T dH", () -> Nd4j.matmul(p, q, o, true, false, false));
        ops.put("(dH^T P)", () -> Nd4j.matmul(q, p, oT, true, false, false));
        ops.put("softmax", () -> Nd4j.exec(new SoftMax(s, p, 3)));
        ops.put("softmaxBp", () -> Nd4j.exec(new SoftmaxBp(s, p, p2, 3)));
        ops.put("manualBp", () -> {
            INDArray p2d = p.reshape((long) b * hh * t, t);
            INDArray g2d = s.reshape((long) b * hh * t, t);
            INDArray o2d = p2.reshape((long) b * hh * t, t);
            g2d.mul(p2d, o2d);
            o2d.sum(rows.reshape(rows.length()), 1);
            o2d.assign(g2d).subiColumnVector(rows).muli(p2d);
        });
        for (int r = 0; r < 2; r++) {
            for (Map.Entry<String, Runnable> op : ops.entrySet()) {
                op.getValue().run();
                long t0 = System.nanoTime();
                for (int i = 0; i < reps; i++) {
                    op.getValue().run();
                }
                System.out.printf(Locale.ROOT, "H=%d %-10s %7.1f ms%n", hh, op.getKey(), (System.nanoTime() - t0) / 1e6 / reps);
            }
        }
    }
}
