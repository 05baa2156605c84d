package dev.graft.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Locale;

/** Profiling aid (not a test): times a tiny op, a large element-wise op, a gemm, a batched matmul and softmax under thread settings. */
public final class ThreadProbeMain {
    private ThreadProbeMain() {
    }

    public static void main(String[] args) {
        INDArray small = Nd4j.rand(DataType.FLOAT, 1, 128);
        INDArray big = Nd4j.rand(DataType.FLOAT, 16448, 512);
        INDArray a = Nd4j.rand(DataType.FLOAT, 16448, 128);
        INDArray w = Nd4j.rand(DataType.FLOAT, 128, 512);
        INDArray c = Nd4j.create(DataType.FLOAT, 16448, 512);
        INDArray q = Nd4j.rand(DataType.FLOAT, 64, 4, 257, 16);
        INDArray s = Nd4j.create(DataType.FLOAT, 64, 4, 257, 257);
        INDArray p = Nd4j.create(DataType.FLOAT, 64, 4, 257, 257);
        for (String mode : args) {
            if (mode.startsWith("max=")) {
                Nd4j.getEnvironment().setMaxThreads(Integer.parseInt(mode.substring(4)));
                continue;
            }
            if (mode.startsWith("master=")) {
                Nd4j.getEnvironment().setMaxMasterThreads(Integer.parseInt(mode.substring(7)));
                continue;
            }
            for (int rep = 0; rep < 2; rep++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < 500; i++) {
                    small.addi(1e-6);
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < 5; i++) {
                    big.muli(1.0001);
                }
                long t2 = System.nanoTime();
                for (int i = 0; i < 5; i++) {
                    Nd4j.gemm(a, w, c, false, false, 1.0, 0.0);
                }
                long t3 = System.nanoTime();
                for (int i = 0; i < 3; i++) {
                    Nd4j.matmul(q, q, s, false, true, false);
                }
                long t4 = System.nanoTime();
                for (int i = 0; i < 3; i++) {
                    Nd4j.exec(new SoftMax(s, p, 3));
                }
                long t5 = System.nanoTime();
                System.out.printf(Locale.ROOT, "%s max=%d master=%d: tiny %.1f us, eltwise %.2f ms, gemm %.2f ms, bmm %.2f ms, softmax %.2f ms%n",
                        mode, Nd4j.getEnvironment().maxThreads(), Nd4j.getEnvironment().maxMasterThreads(),
                        (t1 - t0) / 500e3, (t2 - t1) / 5e6, (t3 - t2) / 5e6, (t4 - t3) / 3e6, (t5 - t4) / 3e6);
            }
        }
    }
}
