package dev.graft.model;

import dev.graft.data.Batch;
import org.nd4j.linalg.factory.Nd4j;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A training step (forward, losses, backward) of a {@link Network}. A batch of at least 2 positions is
 * always split into two halves, the second run by a replica with gradients and buffers of its own, and
 * the halves' gradients are summed; so results do not depend on how many threads run it:
 * {@link #setThreads} only says whether the two halves run at once (the second on a worker thread this
 * step owns: a daemon that ends after {@value #IDLE_SECONDS} s idle, or at {@link #release}).
 */
final class DataParallelStep {
    private static final long IDLE_SECONDS = 30;

    private final Network primary;
    private final int auxOutputs;
    private final int moves;
    private Network twin;
    private ThreadPoolExecutor worker;
    /** The worker's thread while it runs (tests). */
    private volatile Thread workerThread;
    private int threads = defaultThreads();

    DataParallelStep(Network primary, int auxOutputs, int moves) {
        this.primary = primary;
        this.auxOutputs = auxOutputs;
        this.moves = moves;
    }

    private static int defaultThreads() {
        // Two halves at once only when each can have a core of its own at ND4J's native thread count.
        int nativeThreads = Math.max(1, Nd4j.getEnvironment().maxThreads());
        return Runtime.getRuntime().availableProcessors() >= 2 * nativeThreads ? 2 : 1;
    }

    void setThreads(int threads) {
        if (threads != 1 && threads != 2) {
            throw new IllegalArgumentException("train threads must be 1 or 2, got " + threads);
        }
        this.threads = threads;
    }

    int threads() {
        return threads;
    }

    /** Forward and backward of {@code batch}: fills the primary's gradients; returns the loss. */
    LossParts step(Batch batch, LossWeights weights, boolean useAux) {
        int n = batch.size();
        if (n < 2) {
            Workspace ws = primary.workspace(n);
            primary.refreshFused();
            primary.forward(ws, batch.tokenIds(), 0, n, null, null);
            HeadLosses losses = HeadLosses.compute(batch, weights, ws.valueOut.data().asDouble(),
                    ws.logits.data().asDouble(), primary.auxValues(ws), auxOutputs, useAux);
            primary.mark("losses");
            primary.backward(ws, losses, useAux);
            return losses.parts(weights, useAux);
        }
        if (twin == null) {
            twin = primary.replica();
        }
        Network second = twin;
        int na = (n + 1) / 2;
        int nb = n - na;
        Workspace wa = primary.workspace(na);
        Workspace wb = second.workspace(nb);
        primary.refreshFused();
        inHalves(() -> primary.forward(wa, batch.tokenIds(), 0, na, null, null),
                () -> second.forward(wb, batch.tokenIds(), na, nb, null, null));
        double[] value = new double[n];
        double[] logits = new double[n * moves];
        double[] aux = new double[auxOutputs > 0 ? n * auxOutputs : 0];
        System.arraycopy(wa.valueOut.data().asDouble(), 0, value, 0, na);
        System.arraycopy(wb.valueOut.data().asDouble(), 0, value, na, nb);
        System.arraycopy(wa.logits.data().asDouble(), 0, logits, 0, na * moves);
        System.arraycopy(wb.logits.data().asDouble(), 0, logits, na * moves, nb * moves);
        if (auxOutputs > 0) {
            System.arraycopy(wa.auxOut.data().asDouble(), 0, aux, 0, na * auxOutputs);
            System.arraycopy(wb.auxOut.data().asDouble(), 0, aux, na * auxOutputs, nb * auxOutputs);
        }
        HeadLosses losses = HeadLosses.compute(batch, weights, value, logits, aux, auxOutputs, useAux);
        primary.mark("losses");
        HeadLosses la = losses.slice(0, na, moves);
        HeadLosses lb = losses.slice(na, nb, moves);
        inHalves(() -> primary.backward(wa, la, useAux), () -> second.backward(wb, lb, useAux));
        primary.store().addGradients(second.store());
        primary.mark("gradSum");
        return losses.parts(weights, useAux);
    }

    /** Tests only: positions per attention chunk of both halves. */
    void setAttentionChunk(int positions) {
        primary.setAttentionChunk(positions);
        if (twin != null) {
            twin.setAttentionChunk(positions);
        }
    }

    /** Drops both halves' cached buffers and ends the worker thread (both come back on the next step). */
    void release() {
        primary.releaseBuffers();
        if (twin != null) {
            twin.releaseBuffers();
        }
        if (worker != null) {
            worker.shutdown();
            worker = null;
        }
    }

    /** Runs {@code first} on this thread and {@code second} on the worker (at once) or after it. */
    private void inHalves(Runnable first, Runnable second) {
        if (threads < 2) {
            first.run();
            second.run();
            return;
        }
        Future<?> other = worker().submit(dev.graft.io.WorkClock.counted(second));
        Throwable failure = null;
        try {
            first.run();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        try {
            other.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the second half-batch ran", e);
        } catch (ExecutionException e) {
            if (failure == null) {
                failure = e.getCause();
            }
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error er) {
            throw er;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    private ThreadPoolExecutor worker() {
        if (worker == null) {
            worker = new ThreadPoolExecutor(1, 1, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread th = new Thread(r, "graft-train-half");
                th.setDaemon(true);
                workerThread = th;
                return th;
            });
            worker.allowCoreThreadTimeOut(true);
        }
        return worker;
    }

    /** Whether a worker is held now (tests). */
    boolean holdsWorker() {
        return worker != null;
    }

    /** The thread the worker last started, or null (tests). */
    Thread workerThread() {
        return workerThread;
    }
}
