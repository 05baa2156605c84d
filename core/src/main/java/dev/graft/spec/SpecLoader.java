package dev.graft.spec;

import dev.graft.plugin.PluginCatalog;
import dev.graft.spec.RawNode.Entry;
import dev.graft.spec.RawNode.RawList;
import dev.graft.spec.RawNode.RawMap;
import dev.graft.spec.RawNode.RawScalar;
import dev.graft.spi.AuxiliaryTask;
import dev.graft.spi.Game;
import dev.graft.spi.GameGenerator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Loads a spec file into a validated {@link GraftSpec}: reads it safely, follows {@code extends}
 * chains (the extending file overrides its base, mappings merged deeply, lists and scalars
 * replaced), applies {@code --set key.path=value} overrides, validates everything against
 * {@link SpecSchema#ROOT} and the plugin catalog (options, then the plugins' compatibility with
 * the game), and reports every error at once as a {@link SpecException}.
 *
 * <pre>{@code
 * GraftSpec spec = new SpecLoader(catalog).load(Path.of("specs/quickstart.yaml"), List.of("training.lr=1e-3"));
 * }</pre>
 */
public final class SpecLoader {
    private final PluginCatalog catalog;
    private final SectionSchema schema;
    private final SafeYamlReader reader = new SafeYamlReader();

    public SpecLoader(PluginCatalog catalog) {
        this(catalog, SpecSchema.ROOT);
    }

    SpecLoader(PluginCatalog catalog, SectionSchema schema) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.schema = schema;
    }

    public GraftSpec load(Path specFile) {
        return load(specFile, List.of());
    }

    /**
     * @param specFile the spec; its {@code extends} paths are relative to it
     * @param sets     overrides like {@code training.lr=1e-3} or {@code auxiliary.0.sector=2}
     * @throws SpecException listing every error in the file, its bases and the overrides
     */
    public GraftSpec load(Path specFile, List<String> sets) {
        RawMap merged = loadWithBases(specFile, specFile.toString(), new ArrayList<>(), new ArrayList<>(), null);
        if (merged.get("name") == null) {
            Origin fallback = merged.origin().asDefault();
            merged = merged.with("name", new Entry(fallback, new RawScalar(stem(specFile), stem(specFile), false, fallback)));
        }
        Problems problems = new Problems();
        RawNode withOverrides = merged;
        for (int i = 0; i < sets.size(); i++) {
            withOverrides = applySet(withOverrides, sets.get(i), i, problems);
        }
        withOverrides = withExperimentDefaults(withOverrides, conditionsOf(merged) != null);
        Validator validator = new Validator(catalog, problems);
        Section root = (Section) validator.resolve(schema, withOverrides, "");
        checkCompatibility(validator);
        ProbeChecks.enoughPositions(validator, root);
        ExperimentSpec experiment = withOverrides instanceof RawMap rawRoot && schema == SpecSchema.ROOT
                ? new ExperimentCheck(this, catalog, validator, problems, rawRoot, root).run() : null;
        MeasureSettings.check(validator, root, experiment);
        problems.throwIfAny();
        return GraftSpec.from(root, experiment, specFile);
    }

    /**
     * Fills in the experiment's defaults that depend on the rest of the spec: without an auxiliary
     * task the default conditions are the three that need none; unwritten comparisons are the
     * study's, kept where both of their conditions exist. Written values are never changed.
     */
    private static RawNode conditionsOf(RawNode root) {
        return root instanceof RawMap m && m.get("experiment") instanceof RawMap e ? e.get("conditions") : null;
    }

    /**
     * @param fileWroteConditions false when only {@code --set} arguments wrote conditions: they then
     *                            change the default conditions rather than replace them
     */
    private RawNode withExperimentDefaults(RawNode root, boolean fileWroteConditions) {
        if (!(root instanceof RawMap m)) {
            return root;
        }
        RawNode aux = m.get("auxiliary");
        boolean noAux = aux == null || aux instanceof RawScalar s && s.value() == null
                || aux instanceof RawList l && l.items().isEmpty();
        Origin defaults = m.origin().asDefault();
        RawNode given = m.get("experiment");
        RawMap experiment;
        if (given instanceof RawMap e) {
            experiment = e;
        } else if (given == null || given instanceof RawScalar s && s.value() == null) {
            experiment = RawMap.empty(defaults);
        } else {
            return root; // not a mapping: the schema reports it
        }
        java.util.Collection<String> names;
        RawNode conditions = experiment.get("conditions");
        if (conditions == null) {
            Map<String, Object> study = SpecSchema.studyConditions(!noAux);
            experiment = experiment.with("conditions", new Entry(defaults, RawNode.fromJava(study, defaults)));
            names = study.keySet();
        } else if (conditions instanceof RawMap c) {
            if (!fileWroteConditions) {
                RawNode study = RawNode.fromJava(SpecSchema.studyConditions(!noAux), defaults);
                c = (RawMap) merge(study, c, "experiment.conditions");
                experiment = experiment.with("conditions", new Entry(experiment.entries().get("conditions").keyOrigin(), c));
            }
            names = c.entries().keySet();
        } else {
            return root;
        }
        if (experiment.get("compare") == null) {
            List<Object> kept = new ArrayList<>();
            for (Object c : SpecSchema.studyComparisons(true)) {
                Map<?, ?> pair = (Map<?, ?>) c;
                if (names.contains(pair.get("a")) && names.contains(pair.get("b"))) {
                    kept.add(c);
                }
            }
            experiment = experiment.with("compare", new Entry(defaults, RawNode.fromJava(kept, defaults)));
        }
        Entry old = m.entries().get("experiment");
        return m.with("experiment", new Entry(old == null ? defaults : old.keyOrigin(), experiment));
    }

    /**
     * Loads and validates one top-level section of a spec, ignoring the others: {@code graft report}
     * reads the {@code analysis} section of a run's {@code spec.resolved.yaml} this way, so that a
     * report can be rebuilt with other analysis settings and from a run whose other sections this
     * build does not know. Overrides must lie inside the section ({@code analysis.bootstrap=1000}).
     *
     * @throws SpecException listing every error in the section and the overrides
     */
    public Section loadSection(Path specFile, SectionSchema section, List<String> sets) {
        RawMap merged = loadWithBases(specFile, specFile.toString(), new ArrayList<>(), new ArrayList<>(), null);
        Problems problems = new Problems();
        RawNode withOverrides = merged;
        for (int i = 0; i < sets.size(); i++) {
            String set = sets.get(i);
            String path = set.contains("=") ? set.substring(0, set.indexOf('=')).strip() : set;
            if (!path.startsWith(section.name() + ".")) {
                problems.add(Origin.setArgument(set, i), path, "only " + section.name() + " settings can be set here, "
                        + "e.g. --set " + section.name() + "." + section.fields().get(0).name() + "=...; '" + path
                        + "' is not one of them.");
                continue;
            }
            withOverrides = applySet(withOverrides, set, i, problems);
        }
        Validator validator = new Validator(catalog, problems);
        RawNode raw = withOverrides instanceof RawMap map ? map.get(section.name()) : null;
        if (raw == null) {
            raw = RawMap.empty(withOverrides.origin().asDefault());
        }
        Section resolved = (Section) validator.resolve(section, raw, section.name());
        problems.throwIfAny();
        return resolved;
    }

    private static String stem(Path file) {
        String n = file.getFileName().toString();
        for (String ext : List.of(".yaml", ".yml")) {
            if (n.endsWith(ext) && n.length() > ext.length()) {
                return n.substring(0, n.length() - ext.length());
            }
        }
        return n;
    }

    // ---- extends ----------------------------------------------------------------------------

    private RawMap loadWithBases(Path file, String display, List<Path> chain, List<String> chainNames,
                                 Origin includedFrom) {
        Path identity = file.toAbsolutePath().normalize();
        if (chain.contains(identity)) {
            List<String> cycle = new ArrayList<>(chainNames.subList(chain.indexOf(identity), chainNames.size()));
            cycle.add(display);
            throw new SpecException(new SpecError(includedFrom.where(), "extends", "these specs extend each other in a "
                    + "cycle: " + String.join(" → ", cycle) + ". Remove one of the extends: lines."));
        }
        chain.add(identity);
        chainNames.add(display);
        RawNode raw = reader.readFile(file, display, includedFrom);
        if (raw == null) {
            throw new SpecException(new SpecError(display, "", "the file is empty; a spec is a mapping of settings, "
                    + "e.g. 'game: domineering' on one line (every setting has a default)."));
        }
        if (!(raw instanceof RawMap map)) {
            throw new SpecException(new SpecError(raw.origin().where(), "", "a spec must be a mapping of settings "
                    + "(lines like 'seed: 42'), but this document is " + raw.describe() + "."));
        }
        RawNode extendsNode = map.get("extends");
        if (extendsNode == null) {
            return map;
        }
        if (!(extendsNode instanceof RawScalar s) || !(s.value() instanceof String baseName) || baseName.isBlank()) {
            throw new SpecException(new SpecError(extendsNode.origin().where(), "extends",
                    "expected the path of a base spec relative to this file, e.g. base.yaml, got "
                            + extendsNode.describe() + "."));
        }
        Path base = file.resolveSibling(baseName).normalize();
        RawMap baseMap = loadWithBases(base, base.toString(), chain, chainNames, extendsNode.origin());
        return (RawMap) merge(baseMap, map.without("extends"), "");
    }

    /** The extending value wins; mappings merge key by key, everything else is replaced whole. */
    private RawNode merge(RawNode base, RawNode child, String path) {
        if (base instanceof RawScalar s && s.value() instanceof String name && child instanceof RawMap c
                && c.get("name") == null && SchemaPaths.isPluginRef(schema, path)) {
            base = pluginMapping(s, name);
        }
        if (!(base instanceof RawMap b) || !(child instanceof RawMap c)) {
            return child;
        }
        Map<String, Entry> entries = new LinkedHashMap<>(b.entries());
        c.entries().forEach((key, entry) -> {
            RawNode old = b.get(key);
            RawNode value = old == null ? entry.value() : merge(old, entry.value(), SafeYamlReader.child(path, key));
            entries.put(key, new Entry(entry.keyOrigin(), value));
        });
        return new RawMap(entries, c.origin());
    }

    private static RawMap pluginMapping(RawScalar nameScalar, String name) {
        return RawMap.empty(nameScalar.origin()).with("name", new Entry(nameScalar.origin(), nameScalar));
    }

    // ---- --set ------------------------------------------------------------------------------

    private RawNode applySet(RawNode root, String argument, int index, Problems problems) {
        Origin origin = Origin.setArgument(argument, index);
        int eq = argument.indexOf('=');
        if (eq < 0) {
            problems.add(origin, "", "expected key.path=value, e.g. training.lr=1e-3; this argument has no '='.");
            return root;
        }
        String path = argument.substring(0, eq).strip();
        if (path.isEmpty()) {
            problems.add(origin, "", "the setting path before '=' is empty; write e.g. training.lr=1e-3.");
            return root;
        }
        String[] parts = path.split("\\.", -1);
        for (String part : parts) {
            if (part.isBlank()) {
                problems.add(origin, path, "the path has an empty part; separate keys with single dots, e.g. "
                        + "training.batch.small=64.");
                return root;
            }
        }
        if (parts[0].equals("extends")) {
            problems.add(origin, path, "extends can only be written in the spec file, not set with --set.");
            return root;
        }
        RawNode value = reader.readSetValue(argument.substring(eq + 1), origin, problems);
        if (value == null) {
            return root;
        }
        Optional<RawNode> updated = setAt(root, parts, 0, "", value, origin, problems, path);
        return updated.orElse(root);
    }

    /** Replaces the value at {@code parts[i…]} below {@code node} (creating mappings on the way); empty on an error. */
    Optional<RawNode> setAt(RawNode node, String[] parts, int i, String pathSoFar, RawNode value,
                                    Origin origin, Problems problems, String fullPath) {
        if (i == parts.length) {
            return Optional.of(value);
        }
        String part = parts[i];
        String childPath = SafeYamlReader.child(pathSoFar, part);
        if (node instanceof RawScalar s && s.value() instanceof String name && SchemaPaths.isPluginRef(schema, pathSoFar)) {
            RawMap asMapping = pluginMapping(s, name);
            node = new RawMap(asMapping.entries(), origin);
        }
        if (node == null || node instanceof RawScalar s && s.value() == null) {
            node = RawMap.empty(origin);
        }
        if (node instanceof RawMap map) {
            Entry existing = map.entries().get(part);
            Optional<RawNode> next = setAt(existing == null ? null : existing.value(), parts, i + 1, childPath,
                    value, origin, problems, fullPath);
            return next.map(n -> map.with(part, new Entry(existing == null ? origin : existing.keyOrigin(), n)));
        }
        if (node instanceof RawList list) {
            int size = list.items().size();
            if (!part.matches("\\d{1,9}") || Integer.parseInt(part) > size) {
                problems.add(origin, fullPath, "'" + (pathSoFar.isEmpty() ? "the spec" : pathSoFar) + "' is a list of "
                        + size + " item" + (size == 1 ? "" : "s") + "; index it with a number from 0 to " + size
                        + " (" + size + " appends), e.g. " + pathSoFar + ".0, not '" + part + "'.");
                return Optional.empty();
            }
            int index = Integer.parseInt(part);
            RawNode existing = index < size ? list.items().get(index) : null;
            return setAt(existing, parts, i + 1, childPath, value, origin, problems, fullPath)
                    .map(n -> list.with(index, n));
        }
        problems.add(origin, fullPath, "'" + pathSoFar + "' is " + node.describe() + ", not a mapping, so it has no "
                + "setting '" + part + "'; set '" + pathSoFar + "' itself instead.");
        return Optional.empty();
    }

    // ---- plugins fit together ---------------------------------------------------------------

    private static void checkCompatibility(Validator validator) {
        Optional<Validator.Created> gameRef = validator.instance("game");
        if (gameRef.isEmpty() || !(gameRef.get().plugin() instanceof Game game)) {
            return;
        }
        String gameText = "game '" + gameRef.get().ref().name() + "'";
        validator.instances().forEach((path, created) -> {
            Optional<String> why = Optional.empty();
            if (path.startsWith("auxiliary.") && created.plugin() instanceof AuxiliaryTask task) {
                why = task.incompatibility(game);
            } else if ((path.equals("data.generator") || path.matches("data\\.mix\\.\\d+\\.generator"))
                    && created.plugin() instanceof GameGenerator generator) {
                why = generator.incompatibility(game);
            }
            why.ifPresent(reason -> validator.error(path, ValueType.kindWords(created.ref().kind()) + " '"
                    + created.ref().name() + "' cannot be used with " + gameText + ": " + Validator.sentence(reason)));
        });
    }
}
