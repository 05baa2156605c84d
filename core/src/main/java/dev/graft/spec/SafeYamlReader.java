package dev.graft.spec;

import dev.graft.spec.RawNode.Entry;
import dev.graft.spec.RawNode.RawList;
import dev.graft.spec.RawNode.RawMap;
import dev.graft.spec.RawNode.RawScalar;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads YAML into {@link RawNode} trees safely: the document is only composed into nodes (no
 * object construction beyond plain scalars), aliases to collections are capped so a "billion
 * laughs" document is refused, explicit non-standard tags, merge keys and duplicate keys are
 * errors, and the size of the document and of its expansion are bounded.
 */
final class SafeYamlReader {
    static final int MAX_ALIASES_FOR_COLLECTIONS = 20;
    static final int CODE_POINT_LIMIT = 1 << 20;
    static final int MAX_EXPANDED_VALUES = 100_000;

    private static final Set<Tag> SCALAR_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.TIMESTAMP);
    private static final String PLAIN_VALUES =
            "a spec holds only plain values (strings, numbers, booleans, lists and mappings)";

    private final Resolver resolver = new Resolver();

    /** Reads one spec file; returns null for a file with no content. Structural errors are thrown. */
    RawNode readFile(Path file, String display, Origin includedFrom) {
        Problems problems = new Problems();
        Node root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = compose(reader, display, problems);
        } catch (NoSuchFileException e) {
            throw notReadable(display, includedFrom, "no such file");
        } catch (CharacterCodingException e) {
            throw notReadable(display, includedFrom, "it is not UTF-8 text");
        } catch (IOException e) {
            throw notReadable(display, includedFrom, e.getMessage() == null ? e.toString() : e.getMessage());
        } catch (UncheckedIOException e) {
            throw notReadable(display, includedFrom, e.getCause().toString());
        }
        problems.throwIfAny();
        if (root == null) {
            return null;
        }
        RawNode raw = new Converter(display, problems).convert(root, "");
        problems.throwIfAny();
        return raw;
    }

    /**
     * Reads the value part of a {@code --set} argument as a YAML scalar ({@code 1e-3} a number,
     * {@code 8} an integer, {@code true} a boolean, anything else a string). Text starting with
     * {@code [ { " '} is read as a YAML flow value, so lists, mappings and quoted strings work too.
     */
    RawNode readSetValue(String text, Origin origin, Problems problems) {
        String trimmed = text.strip();
        if (!trimmed.isEmpty() && "[{\"'".indexOf(trimmed.charAt(0)) >= 0) {
            Problems local = new Problems();
            Node node = compose(new StringReader(trimmed), "--set", local);
            if (!local.isEmpty() || node == null) {
                problems.add(origin, "", "the value '" + text + "' is not valid YAML; quote strings like "
                        + "'\"text\"', write lists like [a, b] and mappings like {name: x, size: 8}.");
                return null;
            }
            Problems conversion = new Problems();
            RawNode raw = new Converter("--set", conversion).convert(node, "");
            if (!conversion.isEmpty()) {
                problems.add(origin, "", "the value '" + text + "' is not allowed: " + PLAIN_VALUES + ".");
                return null;
            }
            return raw.relocated(origin);
        }
        Tag tag = resolver.resolve(NodeId.scalar, trimmed, true);
        ScalarNode node = new ScalarNode(tag, trimmed, null, null, DumperOptions.ScalarStyle.PLAIN);
        return new RawScalar(scalarValue(node), trimmed, true, origin);
    }

    private Node compose(Reader reader, String display, Problems problems) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES_FOR_COLLECTIONS);
        options.setAllowRecursiveKeys(false);
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(CODE_POINT_LIMIT);
        options.setMergeOnCompose(false);
        try {
            return new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            Origin origin = mark == null ? Origin.file(display)
                    : Origin.at(display, mark.getLine() + 1, mark.getColumn() + 1);
            problems.add(origin, "", syntaxMessage(e));
            return null;
        } catch (YAMLException e) {
            problems.add(Origin.file(display), "", structuralMessage(e));
            return null;
        }
    }

    private static String syntaxMessage(MarkedYAMLException e) {
        String problem = e.getProblem() == null ? "" : e.getProblem().strip();
        if (problem.startsWith("Global tag is not allowed")) {
            String tag = problem.substring(problem.indexOf(':') + 1).strip();
            return "the tag '" + shortTag(tag) + "' is not allowed: " + PLAIN_VALUES + "; remove the tag.";
        }
        if (problem.contains("another document") || String.valueOf(e.getContext()).contains("single document")) {
            return "the file holds more than one YAML document ('---'); a spec is a single mapping.";
        }
        String context = e.getContext() == null ? "" : e.getContext().strip() + ": ";
        return "this is not valid YAML (" + context + problem + "). Check indentation, colons and quotes.";
    }

    private static String structuralMessage(YAMLException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("aliases for non-scalar nodes")) {
            return "the document uses more than " + MAX_ALIASES_FOR_COLLECTIONS + " aliases (*name) to lists or "
                    + "mappings, which graft refuses as a possible 'billion laughs' attack; write the values out "
                    + "or share them with extends: instead.";
        }
        if (m.contains("code point limit") || m.contains("exceeds the limit")) {
            return "the file is larger than " + CODE_POINT_LIMIT + " characters; a spec should be a few lines.";
        }
        if (m.contains("Nesting Depth")) {
            return "the document nests lists or mappings too deeply; a spec has only a few levels.";
        }
        return "the file cannot be read as YAML: " + m;
    }

    private static SpecException notReadable(String display, Origin includedFrom, String why) {
        Origin origin = includedFrom != null ? includedFrom : Origin.file(display);
        String path = includedFrom != null ? "extends" : "";
        return new SpecException(new SpecError(origin.where(), path,
                "cannot read the spec file '" + display + "': " + why + "."));
    }

    private static String shortTag(String tag) {
        return tag.startsWith(Tag.PREFIX) ? "!!" + tag.substring(Tag.PREFIX.length()) : tag;
    }

    private Object scalarValue(ScalarNode node) {
        Tag tag = node.getTag();
        if (tag.equals(Tag.STR) || tag.equals(Tag.TIMESTAMP)) {
            return node.getValue();
        }
        if (tag.equals(Tag.NULL)) {
            return null;
        }
        Object v = new ScalarConstructor().value(node);
        if (v instanceof Integer i) {
            return i.longValue();
        }
        if (v instanceof BigInteger b) {
            return b.bitLength() < 64 ? (Object) b.longValue() : b;
        }
        return v;
    }

    /** Exposes SafeConstructor's YAML 1.1 rules for ints, floats and booleans, and nothing else. */
    private static final class ScalarConstructor extends SafeConstructor {
        ScalarConstructor() {
            super(new LoaderOptions());
        }

        Object value(ScalarNode node) {
            return constructObject(node);
        }
    }

    /** Walks a composed node tree into raw nodes, collecting every structural error. */
    private final class Converter {
        private final String display;
        private final Problems problems;
        private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());
        private int values;

        Converter(String display, Problems problems) {
            this.display = display;
            this.problems = problems;
        }

        private Origin origin(Node node) {
            Mark m = node.getStartMark();
            return m == null ? Origin.file(display) : Origin.at(display, m.getLine() + 1, m.getColumn() + 1);
        }

        RawNode convert(Node node, String path) {
            if (++values > MAX_EXPANDED_VALUES) {
                if (values == MAX_EXPANDED_VALUES + 1) {
                    problems.add(origin(node), path, "the document expands (through aliases) to more than "
                            + MAX_EXPANDED_VALUES + " values; write a smaller spec.");
                }
                return null;
            }
            if (!open.add(node)) {
                problems.add(origin(node), path, "this alias refers to a value that contains it, so it "
                        + "would never end; remove the recursive alias.");
                return null;
            }
            try {
                return switch (node.getNodeId()) {
                    case scalar -> scalar((ScalarNode) node, path);
                    case sequence -> sequence((SequenceNode) node, path);
                    case mapping -> mapping((MappingNode) node, path);
                    default -> {
                        problems.add(origin(node), path, "unsupported YAML node; " + PLAIN_VALUES + ".");
                        yield null;
                    }
                };
            } finally {
                open.remove(node);
            }
        }

        private boolean tagAllowed(Node node, Set<Tag> allowed, String path) {
            if (allowed.contains(node.getTag())) {
                return true;
            }
            problems.add(origin(node), path, "the tag '" + shortTag(node.getTag().getValue()) + "' is not allowed: "
                    + PLAIN_VALUES + "; remove the tag.");
            return false;
        }

        private RawNode scalar(ScalarNode node, String path) {
            if (!tagAllowed(node, SCALAR_TAGS, path)) {
                return null;
            }
            try {
                return new RawScalar(scalarValue(node), node.getValue(), node.isPlain(), origin(node));
            } catch (YAMLException | NumberFormatException e) {
                problems.add(origin(node), path, "cannot read the value '" + node.getValue() + "'.");
                return null;
            }
        }

        private RawNode sequence(SequenceNode node, String path) {
            if (!tagAllowed(node, Set.of(Tag.SEQ), path)) {
                return null;
            }
            List<RawNode> items = new ArrayList<>();
            List<Node> children = node.getValue();
            for (int i = 0; i < children.size(); i++) {
                items.add(convert(children.get(i), child(path, Integer.toString(i))));
            }
            return items.contains(null) ? null : new RawList(items, origin(node));
        }

        private RawNode mapping(MappingNode node, String path) {
            if (!tagAllowed(node, Set.of(Tag.MAP), path)) {
                return null;
            }
            Map<String, Entry> entries = new LinkedHashMap<>();
            boolean ok = true;
            for (NodeTuple tuple : node.getValue()) {
                Node keyNode = tuple.getKeyNode();
                if (!(keyNode instanceof ScalarNode keyScalar) || keyNode.getTag().equals(Tag.NULL)) {
                    problems.add(origin(keyNode), path, "a key must be a plain name such as 'seed', not "
                            + (keyNode instanceof ScalarNode ? "empty" : "a list or mapping") + ".");
                    ok = false;
                    continue;
                }
                if (keyNode.getTag().equals(Tag.MERGE)) {
                    problems.add(origin(keyNode), path, "merge keys ('<<') are not supported; use "
                            + "extends: base.yaml to share settings, or write the values out.");
                    ok = false;
                    continue;
                }
                String key = keyScalar.getValue();
                String keyPath = child(path, key);
                Entry earlier = entries.get(key);
                if (earlier != null) {
                    problems.add(origin(keyNode), keyPath, "duplicate key '" + key + "'; it is already set at line "
                            + earlier.keyOrigin().line() + ". Keep only one of them.");
                    ok = false;
                    continue;
                }
                RawNode value = convert(tuple.getValueNode(), keyPath);
                if (value == null) {
                    ok = false;
                    continue;
                }
                entries.put(key, new Entry(origin(keyNode), value));
            }
            return ok ? new RawMap(entries, origin(node)) : null;
        }
    }

    static String child(String path, String name) {
        return path.isEmpty() ? name : name.isEmpty() ? path : path + "." + name;
    }
}
