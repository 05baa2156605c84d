package dev.graft.pipeline;

import dev.graft.data.GameDataRequest;
import dev.graft.data.GameGeneration;
import dev.graft.data.GameMix;
import dev.graft.data.GameRecordsFile;
import dev.graft.data.GameSources;
import dev.graft.spi.Game;
import dev.graft.spi.GameGenerator;
import dev.graft.spi.GameRecord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One shard of a sharded data stage ({@code data.shards}): games {@code from … to−1} of the spec's batch,
 * exactly the records the whole batch holds at those indices (every game is played with its own seed,
 * derived from the spec's seed and its index, after each generator is prepared for its whole count), so
 * the merged games are the same for any shard count. Its artifact, {@code data-shard/<key>/games.npz}, is
 * keyed by the data's key and the range alone; the {@link DataStage} merges the shards into the one cached
 * {@code games.npz}. Each shard makes its own generators, so shards run side by side never share one.
 */
public final class DataShardStage implements Stage {
    /** Bump when what a shard writes changes. */
    public static final String CODE_VERSION = "data-shard-1";
    public static final String GAMES_FILE = "games.npz";

    private final RunSetup setup;
    private final DataStage data;
    private final int shard;
    private final int shards;
    private final int from;
    private final int to;
    private StageKey key;

    DataShardStage(RunSetup setup, DataStage data, int shard, int shards) {
        this.setup = setup;
        this.data = data;
        this.shard = shard;
        this.shards = shards;
        int[] range = GameMix.shardRange(data.request().games(), shards, shard);
        this.from = range[0];
        this.to = range[1];
    }

    @Override
    public String kind() {
        return "data-shard";
    }

    @Override
    public String id() {
        return "data-shard " + (shard + 1) + "/" + shards;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "games %,d … %,d of %,d (shard %d of %d of data %s)", from, to - 1,
                data.request().games(), shard + 1, shards, data.key().shortHash());
    }

    @Override
    public List<Stage> inputs() {
        return List.of();
    }

    /** First game index of the shard. */
    public int from() {
        return from;
    }

    /** One past the last game index of the shard. */
    public int to() {
        return to;
    }

    @Override
    public synchronized StageKey key() {
        if (key == null) {
            Map<String, Object> code = new LinkedHashMap<>();
            code.put("stage", CODE_VERSION);
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("from", from);
            settings.put("to", to);
            key = StageKey.of(kind(), code, settings, Map.of("data", data.key().hash()), null);
        }
        return key;
    }

    /** Cached when its own artifact is, or when the merged games it is part of are (then it has nothing to do). */
    @Override
    public StageState state() {
        return setup.cache().isComplete(key()) || data.state().cached() ? StageState.CACHED : StageState.MISSING;
    }

    /** The shard's games file in the cache (whether or not it exists yet). */
    public Path gamesFile() {
        return setup.cache().artifact(key()).resolve(GAMES_FILE);
    }

    @Override
    public void run() throws Exception {
        ArtifactCache cache = setup.cache();
        if (state().cached()) {
            return;
        }
        try (ArtifactCache.WorkLock lock = cache.lockWork(key())) {
            if (cache.isComplete(key())) {
                return;
            }
            ArtifactCache.deleteTree(cache.work(key()));
            Path work = cache.openWork(key());
            GameDataRequest request = data.request();
            Game game = setup.create(setup.spec().game(), Game.class);
            List<GameMix.Part> parts = new ArrayList<>();
            for (int k = 0; k < request.parts().size(); k++) {
                GameDataRequest.Part p = request.parts().get(k);
                GameGenerator generator = setup.create(setup.spec().data().parts().get(k).generator(), GameGenerator.class);
                parts.add(new GameMix.Part(p.generator(), generator, p.fraction()));
            }
            GameMix.Games games = GameMix.generate(game, parts, request.games(), request.seed(),
                    new GameGeneration(GameGeneration.threadsFor(setup.spec().data().threads()), setup.progress()),
                    from, to);
            GameRecordsFile.write(work.resolve(GAMES_FILE), game, games.records(), games.sources());
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("data", data.key().hash());
            facts.put("shard", shard);
            facts.put("shards", shards);
            facts.put("from", from);
            facts.put("to", to);
            facts.put("made_by", setup.spec().name());
            cache.commit(key(), facts);
        }
    }

    /**
     * The shard's games and their parts, read from its artifact.
     *
     * @throws IllegalStateException naming the file and the fix when this process cannot see the artifact
     */
    GameMix.Games read(Game game) {
        Path file = gamesFile();
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(id() + ": its games " + file + " are not there as this process sees the"
                    + " cache; a shard made on another machine must be on a file system every worker and the driver"
                    + " mount at the same path (give --cache, or GRAFT_CACHE, such a path)");
        }
        List<GameRecord> records = GameRecordsFile.read(file, game);
        GameSources sources = GameRecordsFile.readSources(file)
                .orElseThrow(() -> new IllegalStateException(file + ": no 'source' array"));
        if (records.size() != to - from) {
            throw new IllegalStateException(file + ": " + records.size() + " games where shard " + id() + " holds "
                    + (to - from));
        }
        return new GameMix.Games(records, sources);
    }
}
