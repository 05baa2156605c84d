package dev.graft.model;

import dev.graft.spi.ModelShape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataParallelStepTest {
    private static final DominoGame GAME = new DominoGame(3, 4);
    private static final ModelShape SHAPE = new ModelShape(8, 4, 2, 1, 12);

    @BeforeAll
    static void oneThread() {
        Nd4j.getEnvironment().setMaxThreads(1);
    }

    @Test
    void the_half_batch_worker_belongs_to_its_model_is_a_daemon_and_ends_when_the_buffers_are_released()
            throws InterruptedException {
        Transformer t = new Transformer(GAME, SHAPE, 0, 1);
        t.setTrainThreads(2);
        t.trainStep(RandomBatches.of(GAME, 4, 0, 2), new LossWeights(1, 1, 0));
        assertTrue(t.dataParallelStep().holdsWorker());
        Thread worker = t.dataParallelStep().workerThread();
        assertTrue(worker.isAlive() && worker.isDaemon(), worker + " runs as a daemon");
        Transformer other = new Transformer(GAME, SHAPE, 0, 1);
        assertFalse(other.dataParallelStep().holdsWorker(), "a second model has no worker until it steps at once");

        t.releaseBuffers();
        assertFalse(t.dataParallelStep().holdsWorker());
        worker.join(20_000);
        assertFalse(worker.isAlive(), worker + " ended");
        // the next step brings a worker back and gives the same loss as before
        double again = t.trainStep(RandomBatches.of(GAME, 4, 0, 2), new LossWeights(1, 1, 0)).total();
        Transformer fresh = new Transformer(GAME, SHAPE, 0, 1);
        fresh.setTrainThreads(1);
        assertEquals(fresh.trainStep(RandomBatches.of(GAME, 4, 0, 2), new LossWeights(1, 1, 0)).total(), again, 0.0);
        t.releaseBuffers();
    }
}
