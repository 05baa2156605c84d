package dev.graft.spark;

import dev.graft.runner.ExternalExecutor;
import dev.graft.runner.StagePlanSource;

/** {@code --executor spark}, found by the runner through {@link java.util.ServiceLoader}. */
public final class SparkExecutorFactory implements ExternalExecutor {

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public Session open(String master, StagePlanSource source) {
        return SparkStageExecutor.start(SparkMaster.choose(master), source);
    }
}
