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
                       StopRequest stop) {

    /** With a stop request of its own that nothing asks (tests, planning). */
    public RunSetup(GraftSpec spec, PluginCatalog plugins, Path runDir, Path cacheRoot, boolean progress) {
        this(spec, plugins, runDir, cacheRoot, progress, new StopRequest());
    }

    /** Creates the plugin a validated spec names. */
    public <T> T create(PluginRef ref, Class<T> type) {
        return type.cast(plugins.find(ref.kind(), ref.name())
                .orElseThrow(() -> new IllegalStateException("plugin vanished: " + ref.kind().label() + " " + ref.name()))
                .create(ref.options()));
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
