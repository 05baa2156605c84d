package dev.graft.runner;

import dev.graft.io.UserInputException;
import dev.graft.pipeline.SequentialExecutor;
import dev.graft.pipeline.StageExecutor;

import java.util.ServiceLoader;

/** {@code --executor} and {@code --master}: which executor runs the stages, opened before anything is written. */
final class ExecutorChoice {
    private ExecutorChoice() {
    }

    /**
     * @throws UserInputException for an unknown executor, {@code --master} without {@code --executor spark},
     *                            or an executor whose module is not on the class path
     */
    static StageExecutor open(String executor, String master, StagePlanSource source) throws Exception {
        String name = executor == null ? "local" : executor.trim();
        if (name.equals("local")) {
            if (master != null) {
                throw new UserInputException("--master " + master + ": only --executor spark has a master;"
                        + " add --executor spark, or drop --master to run here.");
            }
            return new SequentialExecutor();
        }
        if (!name.equals("spark")) {
            throw new UserInputException("--executor " + executor + ": unknown executor; give local (this machine, the default)"
                    + " or spark (tasks of an Apache Spark job, see docs/executors.md).");
        }
        for (ExternalExecutor e : ServiceLoader.load(ExternalExecutor.class, ExecutorChoice.class.getClassLoader())) {
            if (e.name().equals(name)) {
                return e.open(master, source);
            }
        }
        throw new UserInputException("--executor spark: the Spark executor (graft-spark) is not on the class path;"
                + " run through ./graft, which adds runner/spark/target/lib for --executor spark, after 'mvn -B package'.");
    }
}
