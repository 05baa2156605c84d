package dev.graft.pipeline;

import dev.graft.data.GameData;
import dev.graft.data.GameDataCache;
import dev.graft.data.GameDataRequest;
import dev.graft.data.GameGeneration;
import dev.graft.data.GameSplit;
import dev.graft.data.SplitFractions;
import dev.graft.spec.DataSpec;
import dev.graft.spec.GraftSpec;
import dev.graft.spec.PluginRef;
import dev.graft.spi.AuxiliaryTask;
import dev.graft.spi.Game;
import dev.graft.spi.GameGenerator;
import dev.graft.train.PositionSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Generates (or reuses) the spec's games and their game-level split. The artifact lives in the
 * shared cache, keyed by the game, generator, counts, split, seed, {@link #CODE_VERSION} and the
 * code versions of the game and generator plugins, so another run or spec with the same
 * {@code data:} section reuses it.
 */
public final class DataStage implements Stage {
    /** Bump when generation or splitting changes what a given request produces. */
    public static final String CODE_VERSION = "data-1";

    private final RunSetup setup;
    private final GameDataRequest request;
    private final GameDataCache cache;
    private GameData data;
    private List<AuxiliaryTask> tasks;

    public DataStage(RunSetup setup) {
        this.setup = setup;
        GraftSpec spec = setup.spec();
        DataSpec d = spec.data();
        String code = CODE_VERSION + ";game " + spec.game().name() + "@" + setup.codeVersion(spec.game())
                + ";generator " + d.generator().name() + "@" + setup.codeVersion(d.generator());
        this.request = new GameDataRequest(spec.game().name(), spec.game().options().asMap(),
                d.generator().name(), d.generator().options().asMap(), d.games(),
                new SplitFractions(d.split().train(), d.split().validation(), d.split().test()),
                spec.seed(), code);
        this.cache = new GameDataCache(setup.cacheRoot());
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
        return String.format(Locale.ROOT, "%,d %s games of %s %s, split %.2f/%.2f/%.2f by game",
                d.games(), d.generator().name(), setup.spec().game().name(), setup.spec().game().options().asMap(),
                d.split().train(), d.split().validation(), d.split().test());
    }

    @Override
    public List<Stage> inputs() {
        return List.of();
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
        settings.put("generator", request.generator());
        settings.put("generator_options", request.generatorOptions());
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

    /** The games, generating them on first use if the cache lacks them. */
    public GameData data() {
        if (data == null) {
            Game game = setup.create(setup.spec().game(), Game.class);
            GameGenerator generator = setup.create(setup.spec().data().generator(), GameGenerator.class);
            data = cache.obtain(request, game, generator,
                    new GameGeneration(GameGeneration.threadsFor(setup.spec().data().threads()), setup.progress()));
        }
        return data;
    }

    /** The games if they are in the cache already; never generates (for planning). */
    public Optional<GameData> cachedData() {
        return data != null || state().cached() ? Optional.of(data()) : Optional.empty();
    }

    /**
     * The training positions of a model of {@code seed}: their order within each epoch derives from
     * the seed. Validation positions derive from the data's seed alone ({@link #validation()}), so
     * every condition and seed is scored on the same positions.
     */
    public PositionSource training(long seed) {
        return data().positions(GameSplit.Part.TRAIN, tasks(), seed);
    }

    /** The validation positions, the same for every condition and seed. */
    public PositionSource validation() {
        return data().positions(GameSplit.Part.VALIDATION, tasks(), validationSeed());
    }

    /** The seed of the validation positions' order and quick samples. */
    public long validationSeed() {
        return setup.spec().seed() + 1;
    }

    /** The spec's auxiliary tasks (every position carries their targets, whether or not a loss uses them). */
    public List<AuxiliaryTask> tasks() {
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
