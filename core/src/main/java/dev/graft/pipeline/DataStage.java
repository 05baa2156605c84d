package dev.graft.pipeline;

import dev.graft.data.GameData;
import dev.graft.data.GameDataCache;
import dev.graft.data.GameDataRequest;
import dev.graft.data.GameGeneration;
import dev.graft.data.GameSplit;
import dev.graft.data.SampledPositions;
import dev.graft.io.UserInputException;
import dev.graft.data.SplitFractions;
import dev.graft.spec.DataSpec;
import dev.graft.spec.GraftSpec;
import dev.graft.spec.PluginRef;
import dev.graft.spec.PositionsSpec;
import dev.graft.spi.AuxiliaryTask;
import dev.graft.spi.Game;
import dev.graft.spi.GameGenerator;
import dev.graft.data.PositionSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates (or reuses) the spec's games and their game-level split. The artifact lives in the
 * shared cache, keyed by the game, the generators of {@code data.mix} (or {@code data.generator})
 * with their options, fractions and {@link GameGenerator#cacheInputs() inputs}, counts, split, seed,
 * {@link #CODE_VERSION} and the code versions of the game and generator plugins, so another run or
 * spec with the same {@code data:} section reuses it. The generators are created (cheaply: options
 * only) when the stage is, to compute that key. The training stages that run at once share one load
 * of the games ({@link #data()} and {@link #tasks()} are synchronized).
 */
public final class DataStage implements Stage {
    private static final Logger LOG = LoggerFactory.getLogger(DataStage.class);
    /** Data keys and splits whose skipped short games were already reported, so the log says it once. */
    private static final Set<String> REPORTED_SKIPS = ConcurrentHashMap.newKeySet();
    /** Bump when generation or splitting changes what a given request produces. */
    public static final String CODE_VERSION = "data-2";

    private final RunSetup setup;
    private final List<GameGenerator> generators;
    private final GameDataRequest request;
    private final GameDataCache cache;
    private final List<DataShardStage> shards;
    private GameData data;
    private List<AuxiliaryTask> tasks;

    public DataStage(RunSetup setup) {
        this.setup = setup;
        GraftSpec spec = setup.spec();
        DataSpec d = spec.data();
        List<GameDataRequest.Part> parts = new ArrayList<>();
        List<GameGenerator> made = new ArrayList<>();
        StringBuilder code = new StringBuilder(CODE_VERSION + ";game " + spec.game().name() + "@"
                + setup.codeVersion(spec.game()));
        for (DataSpec.Part p : d.parts()) {
            GameGenerator generator = setup.create(p.generator(), GameGenerator.class);
            made.add(generator);
            parts.add(new GameDataRequest.Part(p.generator().name(), p.generator().options().asMap(), p.fraction(),
                    generator.cacheInputs()));
            code.append(";generator ").append(p.generator().name()).append('@').append(setup.codeVersion(p.generator()));
        }
        this.generators = List.copyOf(made);
        this.request = new GameDataRequest(spec.game().name(), spec.game().options().asMap(), parts, d.games(),
                new SplitFractions(d.split().train(), d.split().validation(), d.split().test()),
                spec.seed(), code.toString());
        this.cache = new GameDataCache(setup.cacheRoot());
        int count = d.shards();
        if (count > 1) {
            Game game = setup.create(spec.game(), Game.class);
            for (int k = 0; k < made.size(); k++) {
                if (!made.get(k).shardable(game)) {
                    throw new UserInputException("data.shards " + count + ": the generator " + parts.get(k).generator()
                            + " makes its games while it prepares (e.g. value-selfplay's study preset, in rounds of"
                            + " self-play), so every shard would redo all of it; give data.shards: 1 for it");
                }
            }
        }
        List<DataShardStage> cut = new ArrayList<>();
        for (int k = 0; count > 1 && k < count; k++) {
            cut.add(new DataShardStage(setup, this, k, count));
        }
        this.shards = List.copyOf(cut);
    }

    /** How many games the training split will hold (the split's rule, {@link GameSplit#of}). */
    public int trainingGames() {
        return GameSplit.of(request.games(), request.split(), request.seed()).train().length;
    }

    /** What the games are made of (the cache's request). */
    public GameDataRequest request() {
        return request;
    }

    /** The shards that generate the games when {@code data.shards} &gt; 1 (empty: this stage generates them). */
    public List<DataShardStage> shards() {
        return shards;
    }

    @Override
    public String kind() {
        return "data";
    }

    @Override
    public String id() {
        return "data";
    }

    @Override
    public String describe() {
        DataSpec d = setup.spec().data();
        int[] counts = request.counts();
        List<String> played = new ArrayList<>();
        for (int k = 0; k < counts.length; k++) {
            played.add(String.format(Locale.ROOT, "%,d %s", counts[k], request.parts().get(k).generator()));
        }
        return String.format(Locale.ROOT, "%s games of %s %s, split %.2f/%.2f/%.2f by game%s",
                String.join(" + ", played), setup.spec().game().name(), setup.spec().game().options().asMap(),
                d.split().train(), d.split().validation(), d.split().test(),
                shards.isEmpty() ? "" : ", merged from " + shards.size() + " shards");
    }

    @Override
    public List<Stage> inputs() {
        return List.copyOf(shards);
    }

    @Override
    public StageKey key() {
        // The hash is the game-data request's own (its folder name in the cache); the recipe spells out what it covers.
        Map<String, Object> recipe = new LinkedHashMap<>();
        recipe.put("kind", kind());
        recipe.put("code", request.codeVersion());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("game", request.game());
        settings.put("game_options", request.gameOptions());
        List<Map<String, Object>> mix = new ArrayList<>();
        for (GameDataRequest.Part part : request.parts()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("generator", part.generator());
            m.put("options", part.options());
            m.put("fraction", part.fraction());
            m.put("inputs", part.inputs());
            mix.add(m);
        }
        settings.put("generators", mix);
        settings.put("games", request.games());
        settings.put("split", List.of(request.split().train(), request.split().validation(), request.split().test()));
        recipe.put("settings", settings);
        recipe.put("seed", request.seed());
        return new StageKey(kind(), request.hash(), recipe);
    }

    @Override
    public StageState state() {
        return cache.contains(request) ? StageState.CACHED : StageState.MISSING;
    }

    @Override
    public void run() {
        data();
    }

    /** The games, generating them on first use if the cache lacks them (stages running at once share one load). */
    public synchronized GameData data() {
        if (data == null) {
            Game game = setup.create(setup.spec().game(), Game.class);
            data = shards.isEmpty()
                    ? cache.obtain(request, game, generators,
                    new GameGeneration(GameGeneration.threadsFor(setup.spec().data().threads()), setup.progress()))
                    : cache.obtain(request, game, () -> merge(game));
        }
        return data;
    }

    /**
     * The shards' games in index order. A shard whose artifact is missing is generated here first (an
     * executor runs the shards as stages of their own before this one; a command that only reads the data
     * does not).
     */
    private dev.graft.data.GameMix.Games merge(Game game) {
        List<dev.graft.spi.GameRecord> records = new ArrayList<>(request.games());
        java.io.ByteArrayOutputStream source = new java.io.ByteArrayOutputStream(request.games());
        List<String> names = null;
        for (DataShardStage shard : shards) {
            if (!setup.cache().isComplete(shard.key())) {
                try {
                    shard.run();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(shard.id() + ": " + e.getMessage(), e);
                }
            }
            dev.graft.data.GameMix.Games part = shard.read(game);
            records.addAll(part.records());
            source.writeBytes(part.sources().source());
            names = part.sources().names();
        }
        return new dev.graft.data.GameMix.Games(records, new dev.graft.data.GameSources(names, source.toByteArray()));
    }

    /** The games if they are in the cache already; never generates (for planning). */
    public synchronized Optional<GameData> cachedData() {
        return data != null || state().cached() ? Optional.of(data()) : Optional.empty();
    }

    /**
     * The training positions of a model of {@code seed}: their order within each epoch derives from
     * the seed. Validation positions derive from the data's seed alone ({@link #validation()}), so
     * every condition and seed is scored on the same positions.
     */
    public PositionSource training(long seed) {
        return positions(GameSplit.Part.TRAIN, seed);
    }

    /** The validation positions, the same for every condition and seed. */
    public PositionSource validation() {
        return positions(GameSplit.Part.VALIDATION, validationSeed());
    }

    /**
     * The split's positions as {@code training.positions} says: the study's per-game sampling (K plies per
     * game, redrawn every epoch for training, drawn once for validation) or every ply once.
     *
     * @throws UserInputException when {@code min_ply} leaves the split without positions
     */
    private PositionSource positions(GameSplit.Part part, long seed) {
        GameData d = data();
        PositionsSpec p = setup.spec().training().positions();
        if (!p.perGameSampling()) {
            return d.positions(part, tasks(), seed);
        }
        int minPly = p.minPly() == PositionsSpec.BOARD_DEFAULT ? SampledPositions.defaultMinPly(d.game()) : p.minPly();
        int games = d.split().games(part).length;
        if (games == 0) {
            throw new UserInputException("data.split." + part.label() + ": the " + part.label() + " split has no games;"
                    + " give it a fraction that leaves at least one of the " + d.games().size() + " games");
        }
        SampledPositions source = part == GameSplit.Part.TRAIN
                ? SampledPositions.training(d.game(), d.games(), d.split().games(part), tasks(), seed, p.perGame(), minPly)
                : SampledPositions.validation(d.game(), d.games(), d.split().games(part), tasks(), seed,
                p.validationPerGame(), minPly);
        String split = part == GameSplit.Part.TRAIN ? "training" : part.label();
        if (source.games() == 0) {
            throw new UserInputException(String.format(Locale.ROOT, "training.positions.min_ply %d%s: no %s game is"
                            + " longer than %d plies (the longest of its %,d games has %d); give a min_ply of at most %d",
                    minPly, p.minPly() == PositionsSpec.BOARD_DEFAULT ? " (the board's default)" : "", split, minPly,
                    games, source.longestGame(), source.longestGame() - 1));
        }
        if (source.skippedGames() > 0 && REPORTED_SKIPS.add(key().hash() + "/" + part + "/" + minPly)) {
            LOG.info(String.format(Locale.ROOT, "%,d of %,d %s games have at most %d plies (training.positions.min_ply)"
                    + " and contribute no positions", source.skippedGames(), source.skippedGames() + source.games(),
                    split, minPly));
        }
        return source;
    }

    /** The seed of the validation positions' order and quick samples. */
    public long validationSeed() {
        return setup.spec().seed() + 1;
    }

    /** The spec's auxiliary tasks (every position carries their targets, whether or not a loss uses them). */
    public synchronized List<AuxiliaryTask> tasks() {
        if (tasks == null) {
            List<AuxiliaryTask> made = new ArrayList<>();
            for (PluginRef ref : setup.spec().auxiliary()) {
                made.add(setup.create(ref, AuxiliaryTask.class));
            }
            tasks = List.copyOf(made);
        }
        return tasks;
    }
}
