package dev.graft.pipeline;

import dev.graft.data.GamePositions;
import dev.graft.data.SampledPositions;
import dev.graft.probe.ProbeSchedule;
import dev.graft.probe.ProbeSession;
import dev.graft.probe.ProbeSet;
import dev.graft.spec.ExperimentSpec.ModelSize;
import dev.graft.spi.Probe;
import dev.graft.data.PositionSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The probes of one run (docs/probes.md): the spec's probe schedules, and one fixed probe set drawn
 * from the validation positions by the spec's seed alone, so every condition and seed of the spec is
 * probed on the same positions with the same held-out rows. The set is drawn on first use (the data
 * must exist by then) and shared by every training stage of the run.
 */
public final class RunProbes {
    private final RunSetup setup;
    private final DataStage data;
    private final List<ProbeSchedule> schedules;
    private ProbeSession session;

    RunProbes(RunSetup setup, DataStage data) {
        this.setup = setup;
        this.data = data;
        this.schedules = ProbeSchedule.of(setup.spec());
    }

    /** The spec's probes; empty when it probes nothing (no auxiliary task, or {@code probes: []}). */
    public List<ProbeSchedule> schedules() {
        return schedules;
    }

    /** Whether any probe runs on models of this size. */
    public boolean probes(ModelSize size) {
        return schedules.stream().anyMatch(s -> s.probes(size.label()));
    }

    /**
     * What the probes add to a probed training stage's key: they change its artifact (probes.csv and
     * the final probe files), not its weights.
     */
    Map<String, Object> keySettings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("probes", setup.spec().hashOf("probes"));
        m.put("probe_set_seed", setup.spec().seed());
        return m;
    }

    /** The session of the probes that run on models of this size. */
    synchronized ProbeSession session(ModelSize size) {
        if (session == null) {
            int largest = schedules.stream().mapToInt(ProbeSchedule::largestSet).max().orElse(2);
            PositionSource validation = data.validation();
            ProbeSet set;
            boolean symmetries = schedules.stream().anyMatch(ProbeSchedule::randomSymmetries);
            if (validation instanceof SampledPositions sampled) {
                set = ProbeSet.draw(sampled, largest, setup.spec().seed(), symmetries);
            } else if (validation instanceof GamePositions all) {
                set = ProbeSet.draw(all, largest, setup.spec().seed(), symmetries);
            } else {
                throw new IllegalStateException("cannot draw probe positions from " + validation.getClass().getName());
            }
            List<ProbeSession.Entry> entries = new ArrayList<>();
            for (ProbeSchedule s : schedules) {
                entries.add(new ProbeSession.Entry(s, setup.create(s.probe(), Probe.class)));
            }
            session = new ProbeSession(set, entries, setup.spec().seed());
        }
        return session.forModel(size.label());
    }

    /** A one-line summary for {@code graft plan} and the stage descriptions. */
    String describe(ModelSize size) {
        StringBuilder s = new StringBuilder();
        for (ProbeSchedule p : schedules) {
            if (!p.probes(size.label())) {
                continue;
            }
            if (s.length() > 0) {
                s.append("; ");
            }
            if (!p.periodicOn(size.label())) {
                s.append(p.label()).append(" once at the end on ").append(p.endPositions()).append(" positions (reference)");
                continue;
            }
            s.append(p.label()).append(" every ").append(p.every()).append(" steps on ").append(p.positions())
                    .append(" positions");
            if (p.finalPositions() > 0) {
                s.append(", final on ").append(p.finalPositions());
            }
            List<String> controls = new ArrayList<>();
            if (p.shuffled()) {
                controls.add("shuffled");
            }
            if (p.init()) {
                controls.add("init");
            }
            if (!controls.isEmpty()) {
                s.append(", controls ").append(String.join("+", controls));
            }
        }
        return s.toString();
    }
}
