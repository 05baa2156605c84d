package dev.graft.pipeline;

import dev.graft.model.Transformer;
import dev.graft.probe.InitProbe;
import dev.graft.probe.ProbeListener;
import dev.graft.probe.ProbeLog;
import dev.graft.probe.ProbeSession;
import dev.graft.spec.ExperimentSpec.ModelSize;
import dev.graft.train.CheckpointStore;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a training stage probes its model while it trains: the run's probes, the seed's shared large
 * initialisation (whose probe is the {@code @init} control of a grafted model) and the layer the
 * progress line shows.
 *
 * @param probes     the run's probes
 * @param sharedInit the seed's large initialisation; null for a model trained from its own initial weights
 * @param keyLayer   the layer whose R² the progress line shows (−1: the last probed layer)
 */
record TrainProbing(RunProbes probes, InitLargeStage sharedInit, int keyLayer) {

    TrainProbing {
        Objects.requireNonNull(probes, "probes");
    }

    /** Whether the run's probes apply to models of {@code size}. */
    boolean applies(ModelSize size) {
        return probes.probes(size);
    }

    /**
     * The listener that probes {@code model}: rows into the work folder's probes.csv, final files under
     * its probes/. A fresh grafted model's {@code @init} control is the probe of the seed's shared
     * initialisation (loaded from its artifact); a model trained from its own initial weights (a small
     * model, the baseline) is probed at its own fresh start.
     *
     * @param start where the model's weights started (null for a small model)
     * @param fresh whether training starts afresh (no checkpoint to resume from)
     */
    ProbeListener listener(ModelContext models, ModelSize size, TrainArtifact work, String condition, long seed,
                           Transformer model, ModelSource start, boolean fresh) {
        ProbeSession session = probes.session(size);
        ProbeLog log = new ProbeLog(work.probeRows());
        Path dir = work.dir();
        ProbeListener listener;
        if (fresh && sharedInit != null && start != sharedInit) {
            Transformer initial = models.newModel(ModelSize.LARGE, seed);
            CheckpointStore.read(sharedInit.checkpoint()).loadParametersInto(initial);
            InitProbe init = session.init(initial);
            initial.releaseBuffers();
            listener = ProbeListener.withSharedInit(session, log, dir, condition, seed, model, init);
        } else {
            listener = ProbeListener.forModel(session, log, dir, condition, seed, model);
        }
        return keyLayer >= 0 ? listener.withKeyLayer(keyLayer) : listener;
    }
}
