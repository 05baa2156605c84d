package dev.graft.examples.edge;

import dev.graft.spi.AuxiliaryTask;
import dev.graft.spi.GraftPlugin;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;

import java.util.List;

/** The plugin's entry point (listed in META-INF/services/dev.graft.spi.GraftPlugin): one factory. */
public final class EdgeOccupancyPlugin implements GraftPlugin {
    /** Option: width of the edge band in squares. */
    static final String RING = "ring";
    /** Option: factor on both targets. */
    static final String SCALE = "scale";

    @Override
    public List<PluginFactory<?>> factories() {
        return List.of(new Factory());
    }

    /** The {@code edge-occupancy} auxiliary task. */
    static final class Factory implements PluginFactory<AuxiliaryTask> {
        @Override
        public PluginKind kind() {
            return PluginKind.AUXILIARY_TASK;
        }

        @Override
        public String name() {
            return "edge-occupancy";
        }

        @Override
        public String description() {
            return "two targets: the share of the edge band's squares that are occupied, and the share of the"
                    + " interior's (an example plugin built outside graft)";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(
                    OptionSpec.integer(RING, 1, 1, null, "width of the edge band in squares (1: the outer ring)"),
                    OptionSpec.number(SCALE, 1.0, 0.0, null, "factor on both targets (1: shares between 0 and 1)"));
        }

        @Override
        public AuxiliaryTask create(Options options) {
            return new EdgeOccupancy(options.getInt(RING), options.getDouble(SCALE));
        }

        /** Bump when the targets change for the same options, so cached models are not reused. */
        @Override
        public String codeVersion() {
            return "1";
        }
    }
}
