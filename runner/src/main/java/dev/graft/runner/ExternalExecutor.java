package dev.graft.runner;

import dev.graft.pipeline.StageExecutor;

/**
 * An executor that lives outside the runner's own class path, found with {@link java.util.ServiceLoader}
 * only when {@code graft run --executor NAME} asks for it (Spark: the graft-spark module, whose jars the
 * launcher adds for {@code --executor spark} only). A run that does not ask for it never loads it.
 */
public interface ExternalExecutor {

    /** The name given to {@code --executor}, e.g. {@code spark}. */
    String name();

    /**
     * Connects to where the stages will run, before anything of the run is written.
     *
     * @param master the {@code --master} URL, or null for the executor's default
     * @param source what a worker needs to rebuild the run's stages by itself
     * @throws dev.graft.io.UserInputException when {@code master} is malformed (exit 2)
     * @throws IllegalStateException           when the master cannot be reached (exit 1)
     */
    Session open(String master, StagePlanSource source) throws Exception;

    /** An open connection that runs stages; closing it releases the cluster's resources. */
    interface Session extends StageExecutor, AutoCloseable {
    }
}
