package dev.graft.plugin;

import dev.graft.data.GameGeneration;
import dev.graft.data.GameRecordsFile;
import dev.graft.spi.Game;
import dev.graft.spi.GameBatches;
import dev.graft.spi.GameGenerator;
import dev.graft.spi.GameRecord;
import dev.graft.spi.GameRecordReader;
import dev.graft.spi.PluginContext;
import dev.graft.spi.PluginLog;
import dev.graft.spi.ValueNetworks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;

/**
 * The engine's {@link PluginContext}, passed to every {@link dev.graft.spi.PluginFactory#create(
 * dev.graft.spi.Options, PluginContext) factory}: value networks ({@link EngineValueNetworks}),
 * game batches ({@link GameGeneration}, no progress bar) and game-record files
 * ({@link GameRecordsFile}) and the log (SLF4J). Stateless, so one instance serves every plugin of a
 * run. The runner binds it as the {@link PluginContext} of its {@link PluginCatalog}; core reaches it
 * through the catalog ({@link PluginCatalog#context()}), never through a static.
 */
public final class EngineContext implements PluginContext {
    private final ValueNetworks valueNetworks = new EngineValueNetworks();
    private final GameBatches gameBatches = new GameBatches() {
        @Override
        public long gameSeed(long seed, int index) {
            return GameGeneration.gameSeed(seed, index);
        }

        @Override
        public List<GameRecord> generate(Game game, GameGenerator generator, int count, long seed, int threads) {
            return new GameGeneration(Math.max(1, threads), false).generate(game, generator, count, seed);
        }
    };
    private final GameRecordReader gameRecords = new GameRecordReader() {
        @Override
        public List<GameRecord> read(Path file, Game game, int limit) {
            return GameRecordsFile.read(file, game, limit);
        }
    };

    public EngineContext() {
    }

    @Override
    public ValueNetworks valueNetworks() {
        return valueNetworks;
    }

    @Override
    public GameBatches gameBatches() {
        return gameBatches;
    }

    @Override
    public GameRecordReader gameRecords() {
        return gameRecords;
    }

    @Override
    public PluginLog log(Class<?> source) {
        Logger logger = LoggerFactory.getLogger(source);
        return new PluginLog() {
            @Override
            public void info(String message) {
                logger.info(message);
            }

            @Override
            public void warn(String message) {
                logger.warn(message);
            }
        };
    }
}
