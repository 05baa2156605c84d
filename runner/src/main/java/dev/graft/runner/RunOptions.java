package dev.graft.runner;

import dev.graft.spec.GraftSpec;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where a run goes and which artifact cache it shares (run and plan). */
final class RunOptions {

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder (default: runs/<spec name>). Running again into it resumes.")
    Path out;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "Artifact cache shared between runs (default: $GRAFT_CACHE, else runs/.cache beside the launcher).")
    Path cache;

    @Option(names = "--no-progress", description = "No progress bars (they are also off when the output is not a terminal).")
    boolean noProgress;

    Path runDir(GraftSpec spec) {
        return out != null ? out : runsRoot().resolve(spec.name().isBlank() ? "run" : spec.name());
    }

    Path cacheRoot() {
        if (cache != null) {
            return cache;
        }
        String env = System.getenv("GRAFT_CACHE");
        return env != null && !env.isBlank() ? Path.of(env) : runsRoot().resolve(".cache");
    }

    boolean progress() {
        return !noProgress && System.console() != null;
    }

    private static Path runsRoot() {
        String home = System.getenv("GRAFT_HOME");
        return home == null ? Path.of("runs") : Path.of(home, "runs");
    }
}
