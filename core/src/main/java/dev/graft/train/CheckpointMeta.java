package dev.graft.train;

import dev.graft.spi.ModelShape;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A checkpoint's {@code meta.json} as a typed record (docs/checkpoint-format.md lists the keys; the
 * file format, {@link CheckpointFile}, adds {@code format}, {@code format_version} and
 * {@code parameters}).
 *
 * @param step       finished optimizer steps
 * @param label      the condition and seed the stage was started for, e.g. {@code small+aux/seed-42}
 * @param shape      the model's shape ({@code model_shape})
 * @param trainer    the trainer's state; null in a checkpoint no trainer wrote (an initialisation, a graft)
 * @param provenance facts from the runner, enough to rebuild the model; null when none were written
 * @param extra      further entries, written after the others in their order (e.g. a graft's {@code graft})
 */
public record CheckpointMeta(long step, String label, ModelShape shape, TrainerState trainer,
                             Map<String, Object> provenance, Map<String, Object> extra) {

    public CheckpointMeta {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(shape, "shape");
        extra = extra == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** A checkpoint no trainer wrote: weights (and zero moments) with their provenance and extra entries. */
    public static CheckpointMeta untrained(String label, ModelShape shape, Map<String, Object> provenance,
                                           Map<String, Object> extra) {
        return new CheckpointMeta(0, label, shape, null, provenance, extra);
    }

    /** This meta at another step (the file's name and its {@code step} agree). */
    CheckpointMeta atStep(long newStep) {
        return new CheckpointMeta(newStep, label, shape, trainer, provenance, extra);
    }

    /**
     * The {@code meta.json} object: {@code format}, {@code format_version}, {@code step}, {@code label},
     * {@code model_shape}, the trainer's settings, {@code provenance}, the trainer's progress, the extra
     * entries and {@code parameters}, in that order.
     */
    Map<String, Object> toJson(List<Map<String, Object>> parameters) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", CheckpointFile.FORMAT_NAME);
        json.put("format_version", CheckpointFile.FORMAT_VERSION);
        json.put("step", step);
        json.put("label", label);
        json.put("model_shape", shapeJson(shape));
        if (trainer != null) {
            json.putAll(trainer.settingsJson());
        }
        if (provenance != null || trainer != null) {
            json.put("provenance", provenance);
        }
        if (trainer != null) {
            json.putAll(trainer.progressJson());
        }
        json.putAll(extra);
        json.put("parameters", parameters);
        return json;
    }

    /**
     * Reads the meta from a parsed {@code meta.json} (format and version already checked).
     *
     * @throws CheckpointException naming {@code file} when a required entry is missing
     */
    @SuppressWarnings("unchecked")
    static CheckpointMeta fromJson(Map<String, Object> json, Path file) {
        if (!(json.get("step") instanceof Number n)) {
            throw new CheckpointException(file, "meta.json has no number 'step'");
        }
        long step = n.longValue();
        Map<String, Object> extra = new LinkedHashMap<>();
        json.forEach((k, v) -> {
            if (!isOwnKey(k)) {
                extra.put(k, v);
            }
        });
        Map<String, Object> provenance = json.get("provenance") instanceof Map<?, ?> p ? (Map<String, Object>) p : null;
        return new CheckpointMeta(step, String.valueOf(json.get("label")), shape(json, file),
                TrainerState.fromJson(json, step, file), provenance, extra);
    }

    /**
     * A meta given as the untyped map of older callers ({@code label}, {@code model_shape}, optional
     * {@code provenance} and any other entries) at {@code step}.
     */
    static CheckpointMeta fromMap(long step, Map<String, Object> meta, Path file) {
        Map<String, Object> json = new LinkedHashMap<>(meta);
        json.put("step", step);
        return fromJson(json, file);
    }

    private static boolean isOwnKey(String key) {
        return switch (key) {
            case "format", "format_version", "step", "label", "model_shape", "provenance", "parameters" -> true;
            default -> TrainerState.isOwnKey(key);
        };
    }

    private static ModelShape shape(Map<String, Object> json, Path file) {
        if (!(json.get("model_shape") instanceof Map<?, ?> s)) {
            throw new CheckpointException(file, "meta.json has no 'model_shape'");
        }
        try {
            return new ModelShape(((Number) s.get("d_model")).intValue(), ((Number) s.get("d_head")).intValue(),
                    ((Number) s.get("heads")).intValue(), ((Number) s.get("layers")).intValue(),
                    ((Number) s.get("d_mlp")).intValue());
        } catch (RuntimeException e) {
            throw new CheckpointException(file, "meta.json 'model_shape' lacks one of d_model, d_head, heads, "
                    + "layers, d_mlp: " + s, e);
        }
    }

    /** The {@code model_shape} object of {@code meta.json}. */
    static Map<String, Object> shapeJson(ModelShape shape) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("d_model", shape.dModel());
        s.put("d_head", shape.dHead());
        s.put("heads", shape.heads());
        s.put("layers", shape.layers());
        s.put("d_mlp", shape.dMlp());
        return s;
    }
}
