package dev.graft.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erfc;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Profiling aid (not a test): element-wise kernels on one MLP activation [16448, 512]. */
public final class EltwiseProbeMain {
    private EltwiseProbeMain() {
    }

    public static void main(String[] args) {
        INDArray z = Nd4j.randn(DataType.FLOAT, 16448, 512);
        INDArray a = Nd4j.create(DataType.FLOAT, 16448, 512);
        INDArray c = Nd4j.create(DataType.FLOAT, 16448, 512);
        INDArray g = Nd4j.randn(DataType.FLOAT, 16448, 512);
        INDArray s = Nd4j.create(DataType.FLOAT, 16448, 512);
        Map<String, Runnable> ops = new LinkedHashMap<>();
        ops.put("mul scalar", () -> z.mul(0.7, a));
        ops.put("mul array", () -> z.mul(g, a));
        ops.put("erf", () -> Nd4j.exec(new Erf(z, a)));
        ops.put("erfc", () -> Nd4j.exec(new Erfc(z, a)));
        ops.put("exp", () -> Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.strict.Exp(z, a)));
        ops.put("gelu fwd", () -> ErfGelu.forward(z, c, a));
        ops.put("gelu bwd", () -> { g.assign(z); ErfGelu.backward(z, c, g, s); });
        for (int r = 0; r < 2; r++) {
            for (Map.Entry<String, Runnable> op : ops.entrySet()) {
                op.getValue().run();
                long t0 = System.nanoTime();
                for (int i = 0; i < 5; i++) {
                    op.getValue().run();
                }
                System.out.printf(Locale.ROOT, "%-12s %7.2f ms%n", op.getKey(), (System.nanoTime() - t0) / 1e6 / 5);
            }
        }
    }
}
