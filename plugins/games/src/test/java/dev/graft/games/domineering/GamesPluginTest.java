package dev.graft.games.domineering;

import dev.graft.bench.BenchFigure;
import dev.graft.bench.EngineBench;
import dev.graft.games.GamesPlugin;
import dev.graft.spi.Game;
import dev.graft.spi.GraftPlugin;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.OptionType;
import dev.graft.spi.Options;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GamesPluginTest {

    private static PluginFactory<?> domineeringFactory() {
        for (GraftPlugin plugin : ServiceLoader.load(GraftPlugin.class)) {
            for (PluginFactory<?> f : plugin.factories()) {
                if (f.kind() == PluginKind.GAME && f.name().equals("domineering")) {
                    return f;
                }
            }
        }
        throw new AssertionError("no 'domineering' game factory found through ServiceLoader");
    }

    @Test
    void service_loader_finds_the_domineering_factory_with_its_board_option() {
        PluginFactory<?> f = domineeringFactory();
        assertTrue(new GamesPlugin().factories().stream().anyMatch(x -> x.name().equals("domineering")));
        assertEquals(1, f.options().size());
        OptionSpec board = f.options().get(0);
        assertEquals("board", board.name());
        assertEquals(OptionType.INT, board.type());
        assertEquals(16, board.defaultValue());
        assertEquals(2.0, board.min());
        assertEquals(32.0, board.max());
        assertTrue(!board.description().isBlank());
    }

    @Test
    void factory_builds_the_requested_board() {
        PluginFactory<?> f = domineeringFactory();
        Game g = (Game) f.create(Options.withDefaults(f.options(), Map.of("board", 6)));
        assertEquals(new DomineeringGame(6), g);
        assertEquals(60, g.moves());
        Game byDefault = (Game) f.create(Options.withDefaults(f.options(), Map.of()));
        assertEquals(16, byDefault.rows());
    }

    @Test
    void engine_bench_runs_on_domineering() {
        List<BenchFigure> figures = new EngineBench(Duration.ZERO, Duration.ofMillis(20)).run(new DomineeringGame(4), 1L);
        assertEquals(3, figures.size());
        for (BenchFigure f : figures) {
            assertTrue(f.value() > 0 && Double.isFinite(f.value()), f.toString());
            assertTrue(f.detail().startsWith("domineering 4×4"), f.detail());
        }
    }
}
