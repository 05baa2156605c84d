package dev.graft.pipeline;

import dev.graft.io.WorkClock;

import java.util.List;

/** Runs the stages one at a time in the graph's topological order, on this thread. */
public final class SequentialExecutor implements StageExecutor {

    @Override
    public void execute(StageGraph graph, StageListener listener) throws Exception {
        List<Stage> order = graph.order();
        for (int i = 0; i < order.size(); i++) {
            Stage stage = order.get(i);
            StageState state = stage.state();
            if (state.cached()) {
                listener.reusing(stage, i + 1, order.size());
            } else {
                listener.running(stage, i + 1, order.size(), state);
                WorkClock.start();
                try {
                    stage.run();
                } finally {
                    WorkClock.stop();
                }
            }
            listener.finished(stage);
        }
    }
}
