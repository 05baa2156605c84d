package dev.graft.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.spi.Game;
import dev.graft.spi.GameGenerator;
import dev.graft.spi.GameRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Games and their split, stored once per distinct {@link GameDataRequest} under
 * {@code <root>/data/<sha-256 of the request>/}: {@code games.npz} ({@link GameRecordsFile}) and
 * {@code manifest.json} (the request's inputs, the split's game indices, counts, creation time).
 * A folder of that name exists only when complete: it is filled under a temporary name and renamed,
 * so an interrupted generation leaves nothing that looks reusable.
 */
public final class GameDataCache {
    public static final String GAMES_FILE = "games.npz";
    public static final String MANIFEST_FILE = "manifest.json";

    private static final Logger LOG = LoggerFactory.getLogger(GameDataCache.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;

    /** @param root the cache root; artifacts go under {@code root/data} */
    public GameDataCache(Path root) {
        this.root = root;
    }

    /** Where the artifact of {@code request} lives (whether or not it exists yet). */
    public Path directory(GameDataRequest request) {
        return root.resolve("data").resolve(request.hash());
    }

    /** True when a complete artifact for {@code request} exists. */
    public boolean contains(GameDataRequest request) {
        Path dir = directory(request);
        return Files.isRegularFile(dir.resolve(GAMES_FILE)) && Files.isRegularFile(dir.resolve(MANIFEST_FILE));
    }

    /**
     * The games of {@code request}: read from the cache when present, else generated with
     * {@code generator} (made by the caller from the request's generator name and options) on
     * {@code generation}'s threads, split, and stored.
     *
     * @param game       the game made from the request's game name and options
     * @param generator  the generator made from the request's generator name and options
     * @param generation threads and progress bar for a miss
     */
    public GameData obtain(GameDataRequest request, Game game, GameGenerator generator, GameGeneration generation) {
        Path dir = directory(request);
        if (contains(request)) {
            GameData hit = load(request, dir, game);
            LOG.info(hit.message());
            return hit;
        }
        try {
            if (Files.exists(dir)) {
                AtomicPaths.deleteTree(dir); // not complete: left by something other than this class
            }
            Holder made = new Holder();
            AtomicPaths.writeDirectory(dir, tmp -> {
                List<GameRecord> games = generation.generate(game, generator, request.games(), request.seed());
                GameSplit split = GameSplit.of(games.size(), request.split(), request.seed());
                GameRecordsFile.write(tmp.resolve(GAMES_FILE), game, games);
                JSON.writeValue(tmp.resolve(MANIFEST_FILE).toFile(), manifest(request, split, games.size()));
                made.games = games;
                made.split = split;
            });
            GameData data = new GameData(dir, request.hash(), game, made.games, made.split, false);
            LOG.info(data.message());
            return data;
        } catch (IOException e) {
            if (contains(request)) {
                return load(request, dir, game); // another process finished the same artifact first
            }
            throw new UncheckedIOException("could not write game data to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static final class Holder {
        List<GameRecord> games;
        GameSplit split;
    }

    private GameData load(GameDataRequest request, Path dir, Game game) {
        List<GameRecord> games = GameRecordsFile.read(dir.resolve(GAMES_FILE), game);
        try {
            JsonNode m = JSON.readTree(dir.resolve(MANIFEST_FILE).toFile());
            JsonNode s = m.path("split");
            GameSplit split = new GameSplit(ints(s.path("train")), ints(s.path("validation")), ints(s.path("test")));
            if (split.train().length + split.validation().length + split.test().length != games.size()) {
                throw new dev.graft.io.UserInputException(dir.resolve(MANIFEST_FILE) + ": its split covers "
                        + (split.train().length + split.validation().length + split.test().length) + " games but "
                        + GAMES_FILE + " holds " + games.size() + "; delete " + dir + " to regenerate it");
            }
            return new GameData(dir, request.hash(), game, games, split, true);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + dir.resolve(MANIFEST_FILE) + ": " + e.getMessage(), e);
        }
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    private static ObjectNode manifest(GameDataRequest r, GameSplit split, int games) {
        ObjectNode m = JSON.createObjectNode();
        m.put("format", 1);
        m.put("hash", r.hash());
        ObjectNode in = m.putObject("inputs");
        in.put("game", r.game());
        in.set("game_options", JSON.valueToTree(new java.util.TreeMap<>(r.gameOptions())));
        in.put("generator", r.generator());
        in.set("generator_options", JSON.valueToTree(new java.util.TreeMap<>(r.generatorOptions())));
        in.put("games", r.games());
        Map<String, Double> fractions = new LinkedHashMap<>();
        fractions.put("train", r.split().train());
        fractions.put("validation", r.split().validation());
        fractions.put("test", r.split().test());
        in.set("split", JSON.valueToTree(fractions));
        in.put("seed", r.seed());
        in.put("code_version", r.codeVersion());
        in.put("canonical", r.canonical());
        ObjectNode counts = m.putObject("counts");
        counts.put("games", games);
        counts.put("train", split.train().length);
        counts.put("validation", split.validation().length);
        counts.put("test", split.test().length);
        ObjectNode s = m.putObject("split");
        s.set("train", JSON.valueToTree(split.train()));
        s.set("validation", JSON.valueToTree(split.validation()));
        s.set("test", JSON.valueToTree(split.test()));
        m.put("created", Instant.now().toString());
        return m;
    }
}
