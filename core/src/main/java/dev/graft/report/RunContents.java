package dev.graft.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.io.UserInputException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a report reads from a run directory: the resolved spec (as plain YAML values, so that
 * sections this build does not know are still readable), the provenance, every metrics record and
 * every probe row.
 *
 * <p>Metrics records name their condition and seed in {@code condition} and {@code seed} fields.
 * A record without them is read from its {@code label}: {@code <condition>-seed<s>} (also with
 * {@code /} or {@code _} before {@code seed}, and {@code seed-<s>}) gives both; any other label is
 * the condition, with the spec's {@code seed}. Lines that are not complete JSON objects (a write cut
 * off by a kill) are skipped.
 */
public final class RunContents {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LABEL_WITH_SEED = Pattern.compile("^(.+?)[-/_]seed-?(\\d+)$");

    private final Path root;
    private final String specText;
    private final Map<String, Object> spec;
    private final String provenanceText;
    private final Map<String, Object> provenance;
    private final List<MetricPoint> metrics;
    private final ProbeTable probes;

    private RunContents(Path root, String specText, Map<String, Object> spec, String provenanceText,
                        Map<String, Object> provenance, List<MetricPoint> metrics, ProbeTable probes) {
        this.root = root;
        this.specText = specText;
        this.spec = spec;
        this.provenanceText = provenanceText;
        this.provenance = provenance;
        this.metrics = List.copyOf(metrics);
        this.probes = probes;
    }

    /**
     * Reads the run directory {@code root}.
     *
     * @throws UserInputException when a file is there but cannot be read as its format says
     */
    public static RunContents read(Path root) throws IOException {
        Path specFile = root.resolve(RunFiles.SPEC);
        String specText = Files.readString(specFile, StandardCharsets.UTF_8);
        Map<String, Object> spec = parseSpec(specFile, specText);
        Path provenanceFile = root.resolve(RunFiles.PROVENANCE);
        String provenanceText = Files.isRegularFile(provenanceFile)
                ? Files.readString(provenanceFile, StandardCharsets.UTF_8) : "{}";
        Map<String, Object> provenance;
        try {
            provenance = JSON.readValue(provenanceText, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new UserInputException(provenanceFile + ": not a JSON object (" + e.getOriginalMessage() + ").");
        }
        long defaultSeed = spec.get("seed") instanceof Number n ? n.longValue() : 0;
        List<MetricPoint> metrics = new ArrayList<>();
        for (Path file : metricsFiles(root)) {
            readMetrics(file, defaultSeed, metrics);
        }
        Path probesFile = root.resolve(RunFiles.PROBES);
        ProbeTable probes = Files.isRegularFile(probesFile) ? ProbeTable.read(probesFile) : ProbeTable.empty();
        return new RunContents(root, specText, spec, provenanceText, provenance == null ? Map.of() : provenance,
                metrics, probes);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parseSpec(Path file, String text) {
        try {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
            if (doc instanceof Map<?, ?> m) {
                return (Map<String, Object>) m;
            }
            throw new UserInputException(file + ": not a mapping of spec settings.");
        } catch (YAMLException e) {
            throw new UserInputException(file + ": not readable as YAML (" + e.getMessage() + ").");
        }
    }

    private static List<Path> metricsFiles(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isRegularFile(root.resolve(RunFiles.METRICS))) {
            files.add(root.resolve(RunFiles.METRICS));
        }
        Path dir = root.resolve(RunFiles.METRICS_DIR);
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.getFileName().toString().endsWith(".jsonl") && Files.isRegularFile(p))
                        .sorted().forEach(files::add);
            }
        }
        return files;
    }

    private static void readMetrics(Path file, long defaultSeed, List<MetricPoint> out) throws IOException {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                continue;
            }
            if (node == null || !node.isObject() || !node.path("step").canConvertToLong()) {
                continue;
            }
            String condition = node.path("condition").asText(null);
            Long seed = node.path("seed").canConvertToLong() ? node.path("seed").asLong() : null;
            String label = node.path("label").asText(null);
            if (condition == null && label != null) {
                Matcher m = LABEL_WITH_SEED.matcher(label);
                if (m.matches()) {
                    condition = m.group(1);
                    if (seed == null) {
                        seed = Long.parseLong(m.group(2));
                    }
                } else {
                    condition = label;
                }
            }
            if (condition == null) {
                continue;
            }
            Map<String, Double> values = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNumber() && !e.getKey().equals("step") && !e.getKey().equals("seed")) {
                    values.put(e.getKey(), e.getValue().asDouble());
                }
            }
            out.add(new MetricPoint(condition, seed == null ? defaultSeed : seed, node.path("split").asText("train"),
                    node.path("step").asLong(), values));
        }
    }

    public Path root() {
        return root;
    }

    /** The text of spec.resolved.yaml. */
    public String specText() {
        return specText;
    }

    /** The resolved spec as plain YAML values (maps, lists, scalars). */
    public Map<String, Object> spec() {
        return spec;
    }

    public String provenanceText() {
        return provenanceText;
    }

    public Map<String, Object> provenance() {
        return provenance;
    }

    public List<MetricPoint> metrics() {
        return metrics;
    }

    public ProbeTable probes() {
        return probes;
    }

    /** The spec's value at a dotted path of mapping keys, or null. */
    public Object specAt(String dottedPath) {
        Object current = spec;
        for (String part : dottedPath.split("\\.")) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(part);
        }
        return current;
    }

    /** The spec's {@code experiment.conditions} entry of {@code condition}, or an empty map. */
    public Map<?, ?> conditionSpec(String condition) {
        Object conditions = specAt("experiment.conditions");
        if (conditions instanceof Map<?, ?> m && m.get(condition) instanceof Map<?, ?> c) {
            return c;
        }
        return Map.of();
    }

    /**
     * Every condition: those the spec declares ({@code experiment.conditions}, in its order), then
     * any others the metrics or probes name, in order of appearance.
     */
    public List<String> conditions() {
        Set<String> out = new LinkedHashSet<>();
        if (specAt("experiment.conditions") instanceof Map<?, ?> m) {
            m.keySet().forEach(k -> out.add(String.valueOf(k)));
        }
        metrics.forEach(p -> out.add(p.condition()));
        out.addAll(probes.conditions());
        return List.copyOf(out);
    }

    /**
     * The spec's {@code experiment.compare} entries. An entry's {@code layer} is its own when it is
     * a whole number ≥ 0; absent, null, negative or a word ({@code key}) means the default.
     *
     * @throws UserInputException for an entry that is not a mapping with a and b
     */
    public List<Comparison> comparisons() {
        Object compare = specAt("experiment.compare");
        List<Comparison> out = new ArrayList<>();
        if (!(compare instanceof List<?> list)) {
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> m) || !(m.get("a") instanceof String a) || !(m.get("b") instanceof String b)) {
                throw new UserInputException(root.resolve(RunFiles.SPEC) + ": experiment.compare." + i
                        + " is not a mapping with a and b, e.g. {a: graft+aux, b: baseline}.");
            }
            Integer layer = m.get("layer") instanceof Number n && n.longValue() >= 0 ? n.intValue() : null;
            out.add(new Comparison(i, a, b, layer));
        }
        return out;
    }
}
