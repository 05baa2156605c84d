package dev.graft.report;

import dev.graft.io.UserInputException;
import dev.graft.plugin.PluginCatalog;
import dev.graft.spi.GraftPlan;
import dev.graft.spi.GraftStrategy;
import dev.graft.spi.ModelShape;
import dev.graft.spi.Options;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The key layer of a compare entry, the layer its gap is read at by default:
 * <ol>
 *   <li>the entry's own {@code layer};</li>
 *   <li>else the layer given to the analysis ({@code graft report --key-layer});</li>
 *   <li>else the last grafted layer of {@code a}: the highest large-model layer its graft strategy
 *       copies a small layer into (asked from the strategy plugin with the spec's model sizes), or,
 *       when the strategy cannot be asked, the highest k of
 *       {@code graft-check/<a>-seed<s>/large_layer<k>.npy};</li>
 *   <li>else the same for {@code b};</li>
 *   <li>else the entry has no key layer, which is an input error.</li>
 * </ol>
 */
public final class KeyLayers {
    private static final Pattern GRAFT_CHECK_LAYER = Pattern.compile("large_layer(\\d+)\\.npy");

    private KeyLayers() {
    }

    /** @throws UserInputException when the entry has no layer and neither condition is grafted */
    public static int of(RunContents run, Comparison c, AnalysisSettings settings) {
        if (c.layer() != null) {
            return c.layer();
        }
        if (settings.keyLayer().isPresent()) {
            return settings.keyLayer().getAsInt();
        }
        OptionalInt a = lastGraftedLayer(run, c.a(), settings.catalog());
        if (a.isPresent()) {
            return a.getAsInt();
        }
        OptionalInt b = lastGraftedLayer(run, c.b(), settings.catalog());
        if (b.isPresent()) {
            return b.getAsInt();
        }
        throw new UserInputException(run.root().resolve(RunFiles.SPEC) + ": " + c.describe() + " names no layer and "
                + "neither '" + c.a() + "' nor '" + c.b() + "' has a graft whose last layer is known, so it has no "
                + "default key layer. Give one in the entry, e.g. {a: " + c.a() + ", b: " + c.b() + ", layer: 2}, "
                + "or pass --key-layer to graft report.");
    }

    /** The highest large-model layer that {@code condition}'s graft writes, when it can be told. */
    public static OptionalInt lastGraftedLayer(RunContents run, String condition, PluginCatalog catalog) {
        OptionalInt fromStrategy = fromStrategy(run, condition, catalog);
        return fromStrategy.isPresent() ? fromStrategy : fromGraftCheck(run.root(), condition);
    }

    @SuppressWarnings("unchecked")
    private static OptionalInt fromStrategy(RunContents run, String condition, PluginCatalog catalog) {
        Map<?, ?> spec = run.conditionSpec(condition);
        if (catalog == null || !(spec.get("graft") instanceof Map<?, ?> graft) || !(graft.get("from") instanceof String from)) {
            return OptionalInt.empty();
        }
        Object strategy = graft.get("strategy");
        String name;
        Map<String, Object> given = new LinkedHashMap<>();
        if (strategy instanceof String s) {
            name = s;
        } else if (strategy instanceof Map<?, ?> m && m.get("name") instanceof String s) {
            name = s;
            m.forEach((k, v) -> {
                if (!"name".equals(k)) {
                    given.put(String.valueOf(k), v);
                }
            });
        } else {
            return OptionalInt.empty();
        }
        Optional<PluginFactory<?>> factory = catalog.find(PluginKind.GRAFT_STRATEGY, name);
        Optional<ModelShape> small = shape(run, run.conditionSpec(from).get("model"));
        Optional<ModelShape> large = shape(run, spec.get("model"));
        if (factory.isEmpty() || small.isEmpty() || large.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            PluginFactory<GraftStrategy> f = (PluginFactory<GraftStrategy>) factory.get();
            GraftPlan plan = catalog.create(f, Options.withDefaults(f.options(), given)).plan(small.get(), large.get());
            return plan.copies().stream().mapToInt(GraftPlan.LayerCopy::largeLayer).max();
        } catch (RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    private static Optional<ModelShape> shape(RunContents run, Object modelName) {
        if (!(modelName instanceof String name) || !(run.specAt("models." + name) instanceof Map<?, ?> m)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ModelShape(((Number) m.get("d_model")).intValue(), ((Number) m.get("d_head")).intValue(),
                    ((Number) m.get("heads")).intValue(), ((Number) m.get("layers")).intValue(),
                    ((Number) m.get("d_mlp")).intValue()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static OptionalInt fromGraftCheck(Path root, String condition) {
        Path dir = root.resolve(RunFiles.GRAFT_CHECK);
        if (!Files.isDirectory(dir)) {
            return OptionalInt.empty();
        }
        String prefix = condition + "-seed";
        try (Stream<Path> runs = Files.list(dir)) {
            return runs.filter(p -> p.getFileName().toString().startsWith(prefix)
                            && p.getFileName().toString().substring(prefix.length()).matches("\\d+"))
                    .flatMap(KeyLayers::listQuietly)
                    .map(p -> GRAFT_CHECK_LAYER.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1)))
                    .max();
        } catch (IOException e) {
            return OptionalInt.empty();
        }
    }

    private static Stream<Path> listQuietly(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }
}
