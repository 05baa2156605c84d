package dev.graft.spec;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A loaded, validated spec: typed sections for the engine, plus {@code values}, the same settings
 * as a generic {@link Section} in schema order (from which the resolved YAML and the hashes are
 * made, and through which a newly declared field is readable before it has a typed accessor).
 * Made by {@link SpecLoader}; immutable.
 *
 * @param experiment the conditions, seeds and comparisons, sweeps expanded (null only for a schema
 *                   other than {@link SpecSchema#ROOT}, in tests)
 * @param source the spec file it was loaded from
 */
public record GraftSpec(String name, String description, long seed, PluginRef game, List<PluginRef> auxiliary,
                        DataSpec data, ModelsSpec models, TrainingSpec training, ExperimentSpec experiment,
                        Path source, Section values) {

    public GraftSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(values, "values");
        auxiliary = List.copyOf(auxiliary);
    }

    static GraftSpec from(Section root, ExperimentSpec experiment, Path source) {
        return new GraftSpec(root.string("name"), root.string("description"), root.longInteger("seed"),
                root.plugin("game"), root.plugins("auxiliary"), DataSpec.from(root.section("data")),
                ModelsSpec.from(root.section("models")), TrainingSpec.from(root.section("training")), experiment,
                source, root);
    }

    /** The same spec attributed to another source file (e.g. after reloading its resolved YAML). */
    public GraftSpec withSource(Path otherSource) {
        return new GraftSpec(name, description, seed, game, auxiliary, data, models, training, experiment, otherSource,
                values);
    }

    /**
     * Every setting, defaults and all plugin options included, as YAML (what goes into
     * {@code spec.resolved.yaml}); loading it back gives an equal spec.
     */
    public String toResolvedYaml() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setWidth(120);
        options.setSplitLines(false);
        String header = "# Resolved graft spec: every setting, defaults included"
                + (source == null ? "" : ", from " + source) + ".\n";
        java.util.Map<String, Object> plain = values.toPlainMap();
        if (values.has("probes") && (!values.has("auxiliary") || values.plugins("auxiliary").isEmpty())) {
            // without auxiliary targets the default probe list has nothing to read; written out it would be
            // refused on reading the resolved spec back (probes need auxiliary targets)
            plain.put("probes", java.util.List.of());
        }
        return header + new Yaml(options).dump(plain);
    }

    /**
     * SHA-256 (hex) of a canonical form of the settings at a dotted path ({@code data},
     * {@code game}, {@code training.batch}; "" for the whole spec). Independent of key order and
     * number spelling; changes whenever a value under the path changes.
     *
     * @throws IllegalArgumentException if no setting has that path
     */
    public String hashOf(String path) {
        return CanonicalForm.sha256(Section.plain(values.at(path)));
    }
}
