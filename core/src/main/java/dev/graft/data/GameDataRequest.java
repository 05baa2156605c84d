package dev.graft.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything that determines a batch of games and its split, and nothing else (not the thread count,
 * which never changes the games). Give the plugins' options with defaults filled in
 * ({@link dev.graft.spi.Options#asMap()} of the resolved options) so that spelling out a default
 * does not change the hash.
 *
 * @param game        game plugin name, e.g. {@code domineering}
 * @param gameOptions its resolved options
 * @param parts       the generators that play the games, each with its fraction (one part with
 *                    fraction 1 for a single {@code data.generator}); see {@link GameMix}
 * @param games       number of games
 * @param split       split fractions
 * @param seed        the run's seed (generation and split derive from it)
 * @param codeVersion version of the code that generates (a change invalidates the cache)
 */
public record GameDataRequest(String game, Map<String, Object> gameOptions, List<Part> parts, int games,
                              SplitFractions split, long seed, String codeVersion) {

    /**
     * One generator of the request.
     *
     * @param generator generator plugin name, e.g. {@code alphabeta}
     * @param options   its resolved options
     * @param fraction  its share of the games, in (0, 1]
     * @param inputs    what else decides its games beyond the options
     *                  ({@link dev.graft.spi.GameGenerator#cacheInputs()}, e.g. a file's sha256)
     */
    public record Part(String generator, Map<String, Object> options, double fraction, Map<String, String> inputs) {
        public Part {
            Objects.requireNonNull(generator, "generator");
            options = Map.copyOf(new TreeMap<>(options));
            inputs = Map.copyOf(new TreeMap<>(inputs));
            if (!(fraction > 0 && fraction <= 1)) {
                throw new IllegalArgumentException("fraction of " + generator + " must be in (0, 1], got " + fraction);
            }
        }

        /** A generator with no inputs beyond its options. */
        public Part(String generator, Map<String, Object> options, double fraction) {
            this(generator, options, fraction, Map.of());
        }
    }

    public GameDataRequest {
        Objects.requireNonNull(game, "game");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(codeVersion, "codeVersion");
        gameOptions = Map.copyOf(new TreeMap<>(gameOptions));
        parts = List.copyOf(parts);
        if (games < 0) {
            throw new IllegalArgumentException("games must be ≥ 0, got " + games);
        }
        GameMix.counts(parts.stream().mapToDouble(Part::fraction).toArray(), games); // fractions sum to 1
    }

    /** One generator playing every game. */
    public GameDataRequest(String game, Map<String, Object> gameOptions, String generator,
                           Map<String, Object> generatorOptions, int games, SplitFractions split, long seed,
                           String codeVersion) {
        this(game, gameOptions, List.of(new Part(generator, generatorOptions, 1.0)), games, split, seed, codeVersion);
    }

    /** Games each part plays ({@link GameMix#counts}). */
    public int[] counts() {
        return GameMix.counts(parts.stream().mapToDouble(Part::fraction).toArray(), games);
    }

    /**
     * The canonical text the hash is taken of: one {@code key=value} line per input, options sorted
     * by name, whole numbers written without a decimal point, strings quoted. A one-part mix and the
     * same generator given as {@code data.generator} have the same text.
     */
    public String canonical() {
        StringBuilder sb = new StringBuilder("graft-game-data/2\n");
        sb.append("game=").append(quote(game)).append('\n');
        options(sb, "game.", gameOptions);
        for (int k = 0; k < parts.size(); k++) {
            Part p = parts.get(k);
            String prefix = "part." + k;
            sb.append(prefix).append(".generator=").append(quote(p.generator())).append('\n');
            sb.append(prefix).append(".fraction=").append(number(p.fraction())).append('\n');
            options(sb, prefix + ".option.", p.options());
            options(sb, prefix + ".input.", p.inputs());
        }
        sb.append("games=").append(games).append('\n');
        sb.append("split=").append(number(split.train())).append(',').append(number(split.validation()))
                .append(',').append(number(split.test())).append('\n');
        sb.append("seed=").append(seed).append('\n');
        sb.append("code=").append(quote(codeVersion)).append('\n');
        return sb.toString();
    }

    /** SHA-256 of {@link #canonical()}, lower-case hex. */
    public String hash() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(canonical().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }

    private static void options(StringBuilder sb, String prefix, Map<String, ?> options) {
        for (Map.Entry<String, ?> e : new TreeMap<>(options).entrySet()) {
            sb.append(prefix).append(e.getKey()).append('=').append(value(e.getValue())).append('\n');
        }
    }

    private static String value(Object v) {
        if (v instanceof Number n) {
            return number(n.doubleValue());
        } else if (v instanceof String s) {
            return quote(s);
        }
        return String.valueOf(v);
    }

    private static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return String.format(Locale.ROOT, "%s", d);
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
