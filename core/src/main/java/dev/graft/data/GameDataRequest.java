package dev.graft.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
 * @param game             game plugin name, e.g. {@code domineering}
 * @param gameOptions      its resolved options
 * @param generator        generator plugin name, e.g. {@code alphabeta}
 * @param generatorOptions its resolved options
 * @param games            number of games
 * @param split            split fractions
 * @param seed             the run's seed (generation and split derive from it)
 * @param codeVersion      version of the code that generates (a change invalidates the cache)
 */
public record GameDataRequest(String game, Map<String, Object> gameOptions, String generator,
                              Map<String, Object> generatorOptions, int games, SplitFractions split,
                              long seed, String codeVersion) {

    public GameDataRequest {
        Objects.requireNonNull(game, "game");
        Objects.requireNonNull(generator, "generator");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(codeVersion, "codeVersion");
        gameOptions = Map.copyOf(new TreeMap<>(gameOptions));
        generatorOptions = Map.copyOf(new TreeMap<>(generatorOptions));
        if (games < 0) {
            throw new IllegalArgumentException("games must be ≥ 0, got " + games);
        }
    }

    /**
     * The canonical text the hash is taken of: one {@code key=value} line per input, options sorted
     * by name, whole numbers written without a decimal point, strings quoted.
     */
    public String canonical() {
        StringBuilder sb = new StringBuilder("graft-game-data/1\n");
        sb.append("game=").append(quote(game)).append('\n');
        options(sb, "game.", gameOptions);
        sb.append("generator=").append(quote(generator)).append('\n');
        options(sb, "generator.", generatorOptions);
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

    private static void options(StringBuilder sb, String prefix, Map<String, Object> options) {
        for (Map.Entry<String, Object> e : new TreeMap<>(options).entrySet()) {
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
