package dev.graft.measure;

import dev.graft.model.TrainableModel;
import dev.graft.model.Transformer;
import dev.graft.spi.GraftPlan;
import dev.graft.spi.MeasuredModel;
import dev.graft.train.TrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs a {@link MeasureSession} from inside a {@link dev.graft.train.Trainer}: at step 0 of a fresh start
 * (before any training step), every {@code every} steps, and after the last step when that is not one of
 * them. Rows go to the stage's {@code measures.csv}; a resumed run first drops this condition and seed's
 * rows after the step it resumes from, so a kill and resume never duplicates a row. The start model and the
 * source are loaded on first use and measured once (their activations do not change during training).
 */
public final class MeasureListener implements TrainingListener {
    private static final Logger LOG = LoggerFactory.getLogger(MeasureListener.class);
    private final MeasureSession session;
    private final MeasureLog log;
    private final String condition;
    private final long seed;
    private final Transformer model;
    private final int every;
    private final Supplier<Transformer> start;
    private final Supplier<Transformer> source;
    private final GraftPlan plan;
    private MeasuredModel startView;
    private MeasuredModel sourceView;
    private int passes;
    private long nanos;

    /**
     * @param every  steps between measurements
     * @param start  loads the model's weights at step 0 (the graft or the initialisation)
     * @param source loads the source small model of a graft; null for a model that is not grafted
     * @param plan   the graft's plan; for a model that is not grafted, the plan whose indices it is read at as a
     *               control (null for none)
     */
    public MeasureListener(MeasureSession session, MeasureLog log, String condition, long seed, Transformer model,
                           int every, Supplier<Transformer> start, Supplier<Transformer> source, GraftPlan plan) {
        if (every < 1) {
            throw new IllegalArgumentException("measures need every ≥ 1, got " + every);
        }
        if (source != null && plan == null) {
            throw new IllegalArgumentException("a grafted model needs its plan beside its source");
        }
        this.session = Objects.requireNonNull(session, "session");
        this.log = Objects.requireNonNull(log, "log");
        this.condition = Objects.requireNonNull(condition, "condition");
        this.seed = seed;
        this.model = Objects.requireNonNull(model, "model");
        this.every = every;
        this.start = Objects.requireNonNull(start, "start");
        this.source = source;
        this.plan = plan;
    }

    @Override
    public void beforeTraining(long startStep, boolean fresh, TrainableModel trained) {
        check(trained);
        log.rewind(condition, seed, fresh ? -1 : startStep);
        if (fresh) {
            MeasuredModel now = session.view(model);
            startView = now;
            log.append(measure(0, now));
            startView = null; // at later steps the start is loaded from its checkpoint, not the trained model
        }
    }

    @Override
    public void afterStep(long step, TrainableModel trained) {
        check(trained);
        if (step % every == 0) {
            log.append(measure(step, session.view(model)));
        }
    }

    @Override
    public void afterTraining(long step, TrainableModel trained) {
        check(trained);
        if (step % every != 0 && step > 0) {
            log.drop(condition, seed, step);
            log.append(measure(step, session.view(model)));
        }
        LOG.info("{} seed {}: {} measurement passes took {} s", condition, seed, passes,
                String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e9));
    }

    /** Measurement passes run by this listener so far, and the nanoseconds they took. */
    public long[] cost() {
        return new long[] {passes, nanos};
    }

    private List<MeasureRow> measure(long step, MeasuredModel now) {
        long t0 = System.nanoTime();
        List<MeasureRow> rows = measureNow(step, now);
        nanos += System.nanoTime() - t0;
        passes++;
        return rows;
    }

    private List<MeasureRow> measureNow(long step, MeasuredModel now) {
        Optional<MeasuredModel> src = Optional.empty();
        if (source != null) {
            if (sourceView == null) {
                sourceView = session.view(source.get());
            }
            src = Optional.of(sourceView);
        }
        if (startView == null) {
            startView = session.view(start.get());
        }
        return session.measure(condition, seed, step, now, startView, src, Optional.ofNullable(plan));
    }

    private void check(TrainableModel trained) {
        if (trained != model) {
            throw new IllegalArgumentException("this measure listener reads " + model + ", but the trainer trains "
                    + trained + "; give the listener the trained model");
        }
    }
}
