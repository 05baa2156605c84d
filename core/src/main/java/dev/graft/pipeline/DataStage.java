package dev.graft.pipeline;

import dev.graft.data.GameData;
import dev.graft.data.GameDataCache;
import dev.graft.data.GameDataRequest;
import dev.graft.data.GameGeneration;
import dev.graft.data.SplitFractions;
import dev.graft.spec.DataSpec;
import dev.graft.spec.GraftSpec;
import dev.graft.spi.Game;
import dev.graft.spi.GameGenerator;

import java.util.Locale;

/**
 * Generates (or reuses) the spec's games and their game-level split. The artifact lives in the
 * shared cache, keyed by the game, generator, counts, split, seed and {@link #CODE_VERSION}, so
 * another run or spec with the same {@code data:} section reuses it.
 */
public final class DataStage implements Stage {
    /** Bump when generation or splitting changes what a given request produces. */
    public static final String CODE_VERSION = "data-1";

    private final RunSetup setup;
    private final GameDataRequest request;
    private final GameDataCache cache;
    private GameData data;

    public DataStage(RunSetup setup) {
        this.setup = setup;
        GraftSpec spec = setup.spec();
        DataSpec d = spec.data();
        this.request = new GameDataRequest(spec.game().name(), spec.game().options().asMap(),
                d.generator().name(), d.generator().options().asMap(), d.games(),
                new SplitFractions(d.split().train(), d.split().validation(), d.split().test()),
                spec.seed(), CODE_VERSION);
        this.cache = new GameDataCache(setup.cacheRoot());
    }

    @Override
    public String id() {
        return "data";
    }

    @Override
    public String describe() {
        DataSpec d = setup.spec().data();
        return String.format(Locale.ROOT, "%,d %s games of %s %s, split %.2f/%.2f/%.2f by game, into %s",
                d.games(), d.generator().name(), setup.spec().game().name(), setup.spec().game().options().asMap(),
                d.split().train(), d.split().validation(), d.split().test(), cache.directory(request));
    }

    @Override
    public String key() {
        return request.hash();
    }

    @Override
    public boolean done() {
        return cache.contains(request);
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
}
