package dev.graft.examples.edge;

import dev.graft.spi.AuxiliaryTask;
import dev.graft.spi.DeclaredPlugin;
import dev.graft.spi.Game;
import dev.graft.spi.GameState;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;
import dev.graft.spi.PluginContext;
import dev.graft.spi.PluginKind;

import java.util.Optional;

/**
 * The {@code edge-occupancy} auxiliary task, declared in this one class and registered by one line
 * of META-INF/services/dev.graft.spi.GraftPlugin.
 *
 * <p>Where the stones are: the board splits into an edge band (every square within {@code ring}
 * squares of a side) and the interior. Target 0 is the share of the band's squares that are
 * occupied, target 1 the share of the interior's, both times {@code scale}. A square is occupied
 * when its token is not 0 (Domineering: covered by a domino, of either player). On 4×4 with ring 1
 * the band has 12 squares and the interior the 4 centre ones: a vertical domino on (0,0)–(1,0)
 * gives 2/12 and 0; a horizontal one on (1,1)–(1,2) gives 0 and 2/4.
 */
public final class EdgeOccupancy extends DeclaredPlugin<AuxiliaryTask> {
    /** Option: width of the edge band in squares. */
    static final String RING = "ring";
    /** Option: factor on both targets. */
    static final String SCALE = "scale";

    public EdgeOccupancy() {
        super(PluginKind.AUXILIARY_TASK, "edge-occupancy",
                "two targets: the share of the edge band's squares that are occupied, and the share of the"
                        + " interior's (an example plugin built outside graft)",
                OptionSpec.integer(RING, 1, 1, null, "width of the edge band in squares (1: the outer ring)"),
                OptionSpec.number(SCALE, 1.0, 0.0, null, "factor on both targets (1: shares between 0 and 1)"));
    }

    /** Options arrive validated against the declarations above (ring ≥ 1, scale ≥ 0). */
    @Override
    public AuxiliaryTask create(Options options, PluginContext context) {
        return new Task(options.getInt(RING), options.getDouble(SCALE));
    }

    /** Bump when the targets change for the same options, so cached models are not reused. */
    @Override
    public String codeVersion() {
        return "1";
    }

    /** The task made from one set of options. */
    private record Task(int ring, double scale) implements AuxiliaryTask {

        @Override
        public Optional<String> incompatibility(Game game) {
            int side = Math.min(game.rows(), game.cols());
            if (side < 3) {
                return Optional.of("the " + game.rows() + "×" + game.cols() + " board of " + game.name()
                        + " has no interior for any edge band; edge-occupancy needs a board of at least 3×3");
            }
            if (2 * ring >= side) {
                return Optional.of("an edge band " + ring + " squares wide leaves no interior on the " + game.rows() + "×"
                        + game.cols() + " board of " + game.name() + "; give ring at most "
                        + (side - 1) / 2);
            }
            return Optional.empty();
        }

        @Override
        public int outputs(Game game) {
            return 2;
        }

        @Override
        public void targets(Game game, GameState state, float[] out, int offset) {
            int rows = game.rows();
            int cols = game.cols();
            int edge = 0;
            int edgeOccupied = 0;
            int inner = 0;
            int innerOccupied = 0;
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    boolean occupied = state.squareState(i * cols + j) != 0;
                    if (inEdge(i, j, rows, cols)) {
                        edge++;
                        edgeOccupied += occupied ? 1 : 0;
                    } else {
                        inner++;
                        innerOccupied += occupied ? 1 : 0;
                    }
                }
            }
            out[offset] = (float) (scale * edgeOccupied / edge);
            out[offset + 1] = (float) (scale * innerOccupied / inner);
        }

        private boolean inEdge(int i, int j, int rows, int cols) {
            return i < ring || j < ring || i >= rows - ring || j >= cols - ring;
        }
    }
}
