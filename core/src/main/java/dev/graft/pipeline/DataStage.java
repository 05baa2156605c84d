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

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Generates (or reuses) the spec's games and their game-level split. The artifact lives in the
 * shared cache, keyed by the game, the generators of {@code data.mix} (or {@code data.generator})
 * with their options, fractions and {@link GameGenerator#cacheInputs() inputs}, counts, split, seed
 * and {@link #CODE_VERSION}, so another run or spec with the same {@code data:} section reuses it.
 * The generators are created (cheaply: options only) when the stage is, to compute that key.
 */
public final class DataStage implements Stage {
    /** Bump when generation or splitting changes what a given request produces. */
    public static final String CODE_VERSION = "data-2";

    private final RunSetup setup;
    private final List<GameGenerator> generators;
    private final GameDataRequest request;
    private final GameDataCache cache;
    private GameData data;

    public DataStage(RunSetup setup) {
        this.setup = setup;
        GraftSpec spec = setup.spec();
        DataSpec d = spec.data();
        List<GameDataRequest.Part> parts = new ArrayList<>();
        List<GameGenerator> made = new ArrayList<>();
        for (DataSpec.Part p : d.parts()) {
            GameGenerator generator = setup.create(p.generator(), GameGenerator.class);
            made.add(generator);
            parts.add(new GameDataRequest.Part(p.generator().name(), p.generator().options().asMap(), p.fraction(),
                    generator.cacheInputs()));
        }
        this.generators = List.copyOf(made);
        this.request = new GameDataRequest(spec.game().name(), spec.game().options().asMap(), parts, d.games(),
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
        int[] counts = request.counts();
        List<String> played = new ArrayList<>();
        for (int k = 0; k < counts.length; k++) {
            played.add(String.format(Locale.ROOT, "%,d %s", counts[k], request.parts().get(k).generator()));
        }
        return String.format(Locale.ROOT, "%s games of %s %s, split %.2f/%.2f/%.2f by game, into %s",
                String.join(" + ", played), setup.spec().game().name(), setup.spec().game().options().asMap(),
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
            data = cache.obtain(request, game, generators,
                    new GameGeneration(GameGeneration.threadsFor(setup.spec().data().threads()), setup.progress()));
        }
        return data;
    }
}
