package dev.graft.probe;

import dev.graft.model.TrainableModel;
import dev.graft.model.Transformer;
import dev.graft.train.TrainingListener;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Runs a {@link ProbeSession} from inside a {@link dev.graft.train.Trainer}: the periodic probes every
 * {@code every} steps from step {@code every} on, the final probe after the last step, the
 * initialisation control at a fresh start; rows go to {@code probes.csv}, the final probe's files under
 * {@code probes/}. A resumed run first drops this condition and seed's rows after the checkpoint it
 * resumes from (they are written again), so a kill and resume never duplicates a row.
 *
 * <pre>{@code
 * ProbeSession session = new ProbeSession(set, entries, spec.seed()).forModel("large");
 * InitProbe init = session.init(new Transformer(game, large, aux, seed));     // once per seed
 * TrainerOptions options = TrainerOptions.quiet().withListener(
 *         ProbeListener.withSharedInit(session, log, runDir, "graft+aux", seed, model, init));
 * }</pre>
 */
public final class ProbeListener implements TrainingListener {
    private final ProbeSession session;
    private final ProbeLog log;
    private final Path runDir;
    private final String condition;
    private final long seed;
    private final Transformer model;
    private final InitProbe sharedInit;
    private int keyLayer = -1;
    private volatile String status = "";

    private ProbeListener(ProbeSession session, ProbeLog log, Path runDir, String condition, long seed,
                          Transformer model, InitProbe sharedInit) {
        this.session = Objects.requireNonNull(session, "session");
        this.log = Objects.requireNonNull(log, "log");
        this.runDir = Objects.requireNonNull(runDir, "runDir");
        this.condition = Objects.requireNonNull(condition, "condition");
        this.seed = seed;
        this.model = Objects.requireNonNull(model, "model");
        this.sharedInit = sharedInit;
    }

    /**
     * For a model trained from its own initial weights (a small model, the baseline large model): the
     * initialisation control is fitted on the model itself at a fresh start.
     */
    public static ProbeListener forModel(ProbeSession session, ProbeLog log, Path runDir, String condition, long seed,
                                         Transformer model) {
        return new ProbeListener(session, log, runDir, condition, seed, model, null);
    }

    /**
     * For a model that does not start from plain initial weights (a grafted large model): the
     * initialisation control is {@code init}, computed once on the shared initial weights
     * ({@link ProbeSession#init}) and written for this condition.
     */
    public static ProbeListener withSharedInit(ProbeSession session, ProbeLog log, Path runDir, String condition,
                                               long seed, Transformer model, InitProbe init) {
        return new ProbeListener(session, log, runDir, condition, seed, model, Objects.requireNonNull(init, "init"));
    }

    /** The layer whose latest R² {@link #status()} shows (default: the last probed layer). */
    public ProbeListener withKeyLayer(int layer) {
        this.keyLayer = layer;
        return this;
    }

    @Override
    public void beforeTraining(long startStep, boolean fresh, TrainableModel trained) {
        check(trained);
        log.rewind(condition, seed, fresh ? -1 : startStep);
        if (fresh) {
            InitProbe init = sharedInit != null ? sharedInit : session.init(model);
            log.append(init.rowsFor(condition, seed));
            log.append(session.atStart(model, condition, seed));
        }
    }

    @Override
    public void afterStep(long step, TrainableModel trained) {
        check(trained);
        List<ProbeRow> rows = session.periodic(model, condition, seed, step);
        if (!rows.isEmpty()) {
            log.append(rows);
            updateStatus(rows);
        }
    }

    @Override
    public void afterTraining(long step, TrainableModel trained) {
        check(trained);
        FinalProbe last = session.finalProbe(model, condition, seed, step);
        if (last.rows().isEmpty()) {
            return;
        }
        log.drop(condition, seed, ProbeRow.FINAL, step);
        log.append(last.rows());
        List<ProbeRow> initRows = log.read().stream()
                .filter(r -> r.condition().equals(condition) && r.seed() == seed && r.step() == 0
                        && r.probe().endsWith("@init"))
                .toList();
        ProbeFiles.writeFinal(runDir, last, initRows);
        session.heads(model).ifPresent(h -> ProbeFiles.writeHeads(runDir, condition, seed, step, h));
        updateStatus(last.rows());
    }

    /** The latest R² of the first probe at the key layer, e.g. {@code R²@L2 0.312}; empty before the first probe. */
    @Override
    public String status() {
        return status;
    }

    private void updateStatus(List<ProbeRow> rows) {
        String label = session.entries().isEmpty() ? "" : session.entries().get(0).schedule().label();
        ProbeRow chosen = null;
        for (ProbeRow r : rows) {
            if (!r.probe().equals(label)) {
                continue;
            }
            if (keyLayer >= 0 ? r.layer() == keyLayer : chosen == null || r.layer() > chosen.layer()) {
                chosen = r;
            }
        }
        if (chosen != null) {
            status = String.format(Locale.ROOT, "R²@L%d %.3f", chosen.layer(), chosen.r2());
        }
    }

    private void check(TrainableModel trained) {
        if (trained != model) {
            throw new IllegalArgumentException("this probe listener reads " + model + ", but the trainer trains "
                    + trained + "; give the listener the trained model");
        }
    }
}
