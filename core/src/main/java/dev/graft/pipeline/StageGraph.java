package dev.graft.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A run's stages as a DAG: every stage with the stages it reads. {@link #order()} is a topological
 * order (inputs first) that keeps the order the stages were given in wherever the edges allow it.
 */
public final class StageGraph {
    private final List<Stage> order;

    private StageGraph(List<Stage> order) {
        this.order = List.copyOf(order);
    }

    /**
     * @throws IllegalArgumentException when two stages share an id, an input is not among the
     *                                  stages, or the inputs form a cycle
     */
    public static StageGraph of(List<Stage> stages) {
        Map<String, Stage> byId = new LinkedHashMap<>();
        for (Stage s : stages) {
            if (byId.putIfAbsent(s.id(), s) != null) {
                throw new IllegalArgumentException("two stages are called '" + s.id() + "'");
            }
        }
        for (Stage s : stages) {
            for (Stage in : s.inputs()) {
                if (byId.get(in.id()) != in) {
                    throw new IllegalArgumentException(s.id() + " reads " + in.id() + ", which is not a stage of the run");
                }
            }
        }
        List<Stage> order = new ArrayList<>();
        Set<Stage> placed = new HashSet<>();
        Map<Stage, Integer> waiting = new HashMap<>();
        stages.forEach(s -> waiting.put(s, (int) s.inputs().stream().distinct().count()));
        while (order.size() < stages.size()) {
            Stage next = null;
            for (Stage s : stages) {
                if (!placed.contains(s) && waiting.get(s) == 0) {
                    next = s;
                    break;
                }
            }
            if (next == null) {
                throw new IllegalArgumentException("the stages' inputs form a cycle");
            }
            order.add(next);
            placed.add(next);
            for (Stage s : stages) {
                if (s.inputs().contains(next)) {
                    waiting.merge(s, -1, Integer::sum);
                }
            }
        }
        return new StageGraph(order);
    }

    /** Every stage, inputs before the stages that read them. */
    public List<Stage> order() {
        return order;
    }

    public Optional<Stage> find(String id) {
        return order.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** Every stage's id, kind, key, inputs and key recipe: what {@code provenance.json} records. */
    public List<Map<String, Object>> describe() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Stage s : order) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.put("kind", s.kind());
            m.put("key", s.key().hash());
            m.put("inputs", s.inputs().stream().map(Stage::id).toList());
            m.put("recipe", s.key().recipe());
            out.add(m);
        }
        return out;
    }
}
