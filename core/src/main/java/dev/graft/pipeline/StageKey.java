package dev.graft.pipeline;

import dev.graft.spec.CanonicalForm;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The content key of a stage's artifact: the SHA-256 of a canonical text of its {@code recipe}, a
 * map of everything that determines the artifact — the stage kind and its code version, its own
 * settings, the keys of its inputs, the seed, and the code version of every plugin involved. Two
 * stages with equal recipes (in one spec or in two) produce the same artifact, so the second reuses
 * the first's. The recipe is kept (in the artifact's manifest and the run's provenance) so that a
 * changed key can say which part changed.
 *
 * @param kind   the stage kind, e.g. {@code train-small}; also the artifact's folder in the cache
 * @param hash   lower-case hex SHA-256 of the recipe's canonical text
 * @param recipe what was hashed: {@code kind}, {@code code}, {@code settings}, {@code inputs}, {@code seed}
 */
public record StageKey(String kind, String hash, Map<String, Object> recipe) {

    public StageKey {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(hash, "hash");
        recipe = Collections.unmodifiableMap(new LinkedHashMap<>(recipe));
    }

    /**
     * The key of a stage of {@code kind}.
     *
     * @param code     code versions: the stage's own ({@code stage}) and each plugin's ({@code game}, …)
     * @param settings the settings that decide the artifact, as plain values
     * @param inputs   role → key of each input stage (e.g. {@code data}, {@code start})
     * @param seed     the seed, or null for a stage that has none of its own
     */
    public static StageKey of(String kind, Map<String, Object> code, Map<String, Object> settings,
                              Map<String, String> inputs, Long seed) {
        Map<String, Object> recipe = new LinkedHashMap<>();
        recipe.put("kind", kind);
        recipe.put("code", code);
        recipe.put("settings", settings);
        recipe.put("inputs", inputs);
        recipe.put("seed", seed);
        return new StageKey(kind, CanonicalForm.sha256(recipe), recipe);
    }

    /** The first 12 hex digits, for tables and logs. */
    public String shortHash() {
        return hash.substring(0, Math.min(12, hash.length()));
    }

    @Override
    public String toString() {
        return kind + "/" + shortHash();
    }
}
