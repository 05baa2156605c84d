package dev.graft.pipeline;

import dev.graft.data.GamePositions;
import dev.graft.data.PositionSource;
import dev.graft.data.SampledPositions;
import dev.graft.measure.MeasurePositions;
import dev.graft.measure.MeasureSession;
import dev.graft.probe.ProbeSchedule;
import dev.graft.probe.ProbeSet;
import dev.graft.spec.MeasureSettings;
import dev.graft.spec.PluginRef;
import dev.graft.spi.Measure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The measures of one run (docs/circuits.md): the spec's {@code measures} list, run on the large models at
 * the periodic steps of the spec's first probe (every 1,000 steps without probes) on the first
 * {@code positions} of the same probe set (drawn from the validation positions by the spec's seed, as
 * played), with the probe's held-out rows. The session is made on first use (the data must exist by then)
 * and shared by every training stage of the run.
 */
public final class RunMeasures {
    /** The fraction of the measure positions held out from a measure's fits, as the ridge probe's default. */
    static final double HELDOUT = 0.2;

    private final RunSetup setup;
    private final DataStage data;
    private final List<PluginRef> refs;
    private final int every;
    private final int positions;
    private MeasureSession session;

    RunMeasures(RunSetup setup, DataStage data) {
        this.setup = setup;
        this.data = data;
        var values = setup.spec().values();
        this.refs = values.values().containsKey("measures") ? values.plugins("measures") : List.of();
        List<ProbeSchedule> probes = ProbeSchedule.of(setup.spec());
        ProbeSchedule first = probes.stream().filter(p -> p.periodicOn("large")).findFirst().orElse(null);
        this.every = first == null ? 1000 : first.every();
        this.positions = first == null ? 1000 : first.positions();
    }

    /** Whether the spec measures anything. */
    boolean any() {
        return !refs.isEmpty();
    }

    /** Whether any measure reads {@code condition} (a grafted one or not). */
    boolean applies(String condition, boolean grafted) {
        for (PluginRef ref : refs) {
            List<?> conditions = (List<?>) ref.settings().get("conditions");
            if (conditions.isEmpty() || conditions.stream().map(String::valueOf)
                    .anyMatch(c -> condition.equals(c) || condition.startsWith(c + "["))) {
                return true;
            }
        }
        return false;
    }

    /** The plan of the spec's first grafted condition: the indices a model that is not grafted is read at. */
    java.util.Optional<dev.graft.spi.GraftPlan> controlPlan() {
        return setup.spec().experiment().conditions().stream().filter(c -> c.graft().isPresent())
                .map(c -> c.graft().get().plan()).findFirst();
    }

    /** Steps between measurements. */
    int every() {
        return every;
    }

    /** What the measures add to a measured stage's key: its artifact gains measures.csv, its weights stay. */
    Map<String, Object> keySettings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("measures", setup.spec().hashOf("measures"));
        m.put("every", every);
        m.put("positions", positions);
        m.put("set_seed", setup.spec().seed());
        return m;
    }

    /** The plugins' names, for descriptions. */
    String describe() {
        return String.join(", ", refs.stream().map(PluginRef::name).toList()) + " every " + every + " steps on "
                + positions + " positions";
    }

    /** The run's measures on its positions. */
    synchronized MeasureSession session() {
        if (session == null) {
            PositionSource validation = data.validation();
            ProbeSet set;
            if (validation instanceof SampledPositions sampled) {
                set = ProbeSet.draw(sampled, positions, setup.spec().seed(), false);
            } else if (validation instanceof GamePositions all) {
                set = ProbeSet.draw(all, positions, setup.spec().seed(), false);
            } else {
                throw new IllegalStateException("cannot draw measure positions from " + validation.getClass().getName());
            }
            int n = set.size();
            boolean[] heldout = ProbeSet.heldoutMask(n, HELDOUT, setup.spec().seed());
            MeasurePositions at = new MeasurePositions(n, set.tokenIds(), Arrays.copyOf(set.targets(), n),
                    Arrays.copyOf(set.outcomes(), n), heldout);
            List<MeasureSession.Entry> entries = new ArrayList<>();
            for (PluginRef ref : refs) {
                List<?> conditions = (List<?>) ref.settings().get("conditions");
                entries.add(new MeasureSession.Entry(ref.name(), setup.create(ref, Measure.class),
                        MeasureSettings.layers(ref), conditions.stream().map(String::valueOf).toList()));
            }
            session = new MeasureSession(entries, at);
        }
        return session;
    }
}
