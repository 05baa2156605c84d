package dev.graft.measure;

import dev.graft.spi.GraftPlan;
import dev.graft.spi.MeasureContext;
import dev.graft.spi.MeasuredModel;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The engine's {@link MeasureContext}: one model at one step, with its start and, for a graft, its source. */
record MeasurePass(MeasuredModel model, long step, String condition, MeasuredModel start,
                   Optional<MeasuredModel> source, Optional<GraftPlan> plan, MeasurePositions positions,
                   List<Integer> layers)
        implements MeasureContext {

    MeasurePass {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(positions, "positions");
        layers = layers.isEmpty() ? allLayers(model.shape().layers()) : List.copyOf(layers);
    }

    private static List<Integer> allLayers(int n) {
        return java.util.stream.IntStream.range(0, n).boxed().toList();
    }

    @Override
    public float[][] auxTargets() {
        return positions.targets();
    }

    @Override
    public float[] outcomes() {
        return positions.outcomes();
    }

    @Override
    public boolean[] heldout() {
        return positions.heldout().clone();
    }
}
