package dev.graft.runner;

import dev.graft.pipeline.RunPlan;
import dev.graft.pipeline.RunSetup;
import dev.graft.pipeline.StageGraph;
import dev.graft.plugin.PluginCatalog;
import dev.graft.spec.GraftSpec;
import dev.graft.spec.SpecLoader;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything another JVM (a Spark executor) needs to rebuild a run's DAG by itself: the resolved spec
 * as text, the cache root and run folder (paths every worker must see: a shared file system), and the
 * plugin folders. {@link #plan()} re-plans the same stages with the same keys, so a task is named by
 * its stage id and checked against the driver's key.
 *
 * @param specYaml   {@link GraftSpec#toResolvedYaml()} of the validated spec
 * @param specName   the spec's name (for the temporary file the text is loaded from)
 * @param cacheRoot  the artifact cache's root, absolute
 * @param runDir     the run folder, absolute
 * @param pluginDirs the plugin folders the driver read, absolute
 */
public record StagePlanSource(String specYaml, String specName, String cacheRoot, String runDir,
                              List<String> pluginDirs) implements Serializable {
    private static final long serialVersionUID = 1L;

    public StagePlanSource {
        pluginDirs = List.copyOf(pluginDirs);
    }

    static StagePlanSource of(GraftSpec spec, RunSetup setup, List<Path> pluginDirs) {
        return new StagePlanSource(spec.toResolvedYaml(), spec.name(), setup.cacheRoot().toAbsolutePath().toString(),
                setup.runDir().toAbsolutePath().toString(),
                pluginDirs.stream().map(p -> p.toAbsolutePath().toString()).toList());
    }

    /** The run's DAG, planned again in this JVM from the resolved spec (no progress bars). */
    public StageGraph plan() throws IOException {
        var injector = Graft.injector(pluginDirs.stream().map(Path::of).toList());
        PluginCatalog catalog = injector.getInstance(PluginCatalog.class);
        Path dir = Files.createTempDirectory("graft-spec");
        Path file = dir.resolve((specName == null || specName.isBlank() ? "run" : specName.replaceAll("[^A-Za-z0-9._-]", "_"))
                + ".resolved.yaml");
        GraftSpec spec;
        try {
            Files.writeString(file, specYaml);
            spec = new SpecLoader(catalog).load(file);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
        return RunPlan.of(new RunSetup(spec, catalog, Path.of(runDir), Path.of(cacheRoot), false));
    }
}
