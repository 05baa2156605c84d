package dev.graft.pipeline;

import dev.graft.plugin.PluginCatalog;
import dev.graft.spec.GraftSpec;
import dev.graft.spec.PluginRef;
import dev.graft.train.StopRequest;

import java.nio.file.Path;

/**
 * What the stages of one run share: the validated spec, the plugins, the run folder (which may not
 * exist yet when only planning), the artifact cache shared between runs, whether to draw
 * progress bars, and the run-wide {@link StopRequest} (Ctrl-C) every training checks at its step boundaries.
 */
public record RunSetup(GraftSpec spec, PluginCatalog plugins, Path runDir, Path cacheRoot, boolean progress,
                       StopRequest stop, int trainThreads) {

    /**
     * @param stop         the run-wide stop request (Ctrl-C / SIGTERM) every training checks at its step boundaries
     * @param trainThreads threads each training step may use for its two half-batches (1 or 2, see
     *                     {@code Transformer.setTrainThreads}); 0 leaves the model's own default. The
     *                     executor sets it so that stages running at once do not oversubscribe the cores;
     *                     results are the same for every value.
     */
    public RunSetup {
        if (trainThreads < 0 || trainThreads > 2) {
            throw new IllegalArgumentException("trainThreads must be 0 (the model's default), 1 or 2, got " + trainThreads);
        }
    }

    /** With the model's default training threads. */
    public RunSetup(GraftSpec spec, PluginCatalog plugins, Path runDir, Path cacheRoot, boolean progress,
                    StopRequest stop) {
        this(spec, plugins, runDir, cacheRoot, progress, stop, 0);
    }

    /** With a stop request of its own that nothing asks (tests, planning) and the model's default threads. */
    public RunSetup(GraftSpec spec, PluginCatalog plugins, Path runDir, Path cacheRoot, boolean progress) {
        this(spec, plugins, runDir, cacheRoot, progress, new StopRequest(), 0);
    }

    /** Creates the plugin a validated spec names. */
    public <T> T create(PluginRef ref, Class<T> type) {
        return type.cast(plugins.find(ref.kind(), ref.name())
                .orElseThrow(() -> new IllegalStateException("plugin vanished: " + ref.kind().label() + " " + ref.name()))
                .create(ref.options(), plugins.context()));
    }

    /** The code version the plugin's factory declares (it goes into the keys of the stages it feeds). */
    public String codeVersion(PluginRef ref) {
        return plugins.find(ref.kind(), ref.name())
                .orElseThrow(() -> new IllegalStateException("plugin vanished: " + ref.kind().label() + " " + ref.name()))
                .codeVersion();
    }

    /** The artifact cache under {@link #cacheRoot()}. */
    public ArtifactCache cache() {
        return new ArtifactCache(cacheRoot);
    }
}
