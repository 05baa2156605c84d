package dev.graft.spi;

/**
 * What a plugin may use of the engine beyond this package: the engine passes it to
 * {@link PluginFactory#create(Options, PluginContext)}. Each service is a small interface here, so a
 * plugin still compiles against the SPI alone and never sees the engine's classes (its model, its
 * numerics library, its file formats). Services are stateless and thread-safe; what they make
 * (a {@link ValueNetwork}) says whether it is.
 */
public interface PluginContext {

    /** Trains and runs small value networks (the engine's transformer with a value head only). */
    ValueNetworks valueNetworks();

    /** Plays batches of games on worker threads, reproducibly (the engine's game generation). */
    GameBatches gameBatches();

    /** Reads game-record files ({@code .npz}) with the engine's checks and messages. */
    GameRecordReader gameRecords();

    /** The engine's log, under {@code source}'s name. */
    PluginLog log(Class<?> source);

    /**
     * A context with no services: each method but {@link #log} (which writes to
     * {@link java.util.logging}) throws {@link UnsupportedOperationException} saying which service was
     * asked for. For tools and tests that create plugins which need none.
     */
    static PluginContext none() {
        return new PluginContext() {
            @Override
            public ValueNetworks valueNetworks() {
                throw missing("valueNetworks");
            }

            @Override
            public GameBatches gameBatches() {
                throw missing("gameBatches");
            }

            @Override
            public GameRecordReader gameRecords() {
                throw missing("gameRecords");
            }

            @Override
            public PluginLog log(Class<?> source) {
                java.util.logging.Logger logger = java.util.logging.Logger.getLogger(source.getName());
                return new PluginLog() {
                    @Override
                    public void info(String message) {
                        logger.info(message);
                    }

                    @Override
                    public void warn(String message) {
                        logger.warning(message);
                    }
                };
            }

            private UnsupportedOperationException missing(String service) {
                return new UnsupportedOperationException("this plugin context offers no " + service
                        + "(): create the plugin through the engine (PluginFactory.create(options, context))");
            }
        };
    }
}
