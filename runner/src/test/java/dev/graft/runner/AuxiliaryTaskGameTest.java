package dev.graft.runner;

import dev.graft.spi.PluginFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An auxiliary task paired in a spec with a game it does not support is refused before any work,
 * exit 2, at the file:line:column of the task's entry. Only Domineering ships today, so the other
 * game is a made-up one, compiled here against the SPI and loaded from a plugin folder.
 */
class AuxiliaryTaskGameTest {

    private static final String GAME_PLUGIN = """
            package madeup;

            import dev.graft.spi.*;
            import java.util.List;

            public final class MadeUpPlugin implements GraftPlugin {
                @Override
                public List<PluginFactory<?>> factories() {
                    return List.of(new PluginFactory<Game>() {
                        public PluginKind kind() { return PluginKind.GAME; }
                        public String name() { return "made-up"; }
                        public String description() { return "A square board whose moves each fill one square."; }
                        public List<OptionSpec> options() {
                            return List.of(OptionSpec.integer("board", 4, 2, 8, "board side"));
                        }
                        public Game create(Options options) { return new MadeUp(options.getInt("board")); }
                    });
                }

                record MadeUp(int n) implements Game {
                    public String name() { return "made-up"; }
                    public int rows() { return n; }
                    public int cols() { return n; }
                    public int squareStates() { return 2; }
                    public int moves() { return n * n; }
                    public int maxSquaresPerMove() { return 1; }
                    public int[] moveSquares(int move) { return new int[] {move}; }
                    public int moveOwner(int move) { return -1; }
                    public GameState newGame() { throw new UnsupportedOperationException("not played in this test"); }
                    public int symmetries() { return 1; }
                    public int mapSquare(int symmetry, int square) { return square; }
                    public int mapMove(int symmetry, int move) { return move; }
                    public String describeMove(int move) { return "P" + move; }
                }
            }
            """;

    @TempDir
    Path tmp;

    private record Result(int code, String out, String err) {
    }

    private Result graft(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private Path spec(String auxiliary, String game) throws IOException {
        Path p = tmp.resolve("x.yaml");
        Files.writeString(p, String.join("\n",
                "name: x",
                game,
                "auxiliary:",
                "  - {name: sector-balance, sector: 2}",
                "  - " + auxiliary,
                "data: {generator: random, games: 10, threads: 1}",
                "models:",
                "  small: {d_model: 8, d_head: 4, heads: 2, layers: 1, d_mlp: 16}",
                "  large: {d_model: 8, d_head: 4, heads: 2, layers: 2, d_mlp: 16}",
                "training: {steps: 2, batch: {small: 4, large: 4}}",
                "experiment: {seeds: [1]}",
                ""));
        return p;
    }

    @Test
    void safe_moves_on_another_game_exits_2_at_the_task_entry_naming_both() throws Exception {
        Path plugins = madeUpGameJar();
        Path spec = spec("{name: safe-moves, sector: 2}", "game: {name: made-up, board: 4}");
        Path out = tmp.resolve("out");
        for (String command : new String[] {"validate", "plan", "run"}) {
            Result r = command.equals("validate") ? graft(command, spec.toString(), "--plugins", plugins.toString())
                    : graft(command, spec.toString(), "--plugins", plugins.toString(), "--out", out.toString(),
                    "--cache", tmp.resolve("cache").toString());
            assertEquals(2, r.code(), command + ": " + r.err() + r.out());
            assertTrue(r.err().contains("x.yaml:5:5"), command + ": " + r.err());
            assertTrue(r.err().contains("auxiliary task 'safe-moves' cannot be used with game 'made-up'"), r.err());
            assertTrue(r.err().contains("supports only the game 'domineering'"), r.err());
            // sector-balance works on any game whose moves have owners; made-up's have none, and it says so
            assertTrue(r.err().contains("x.yaml:4:5"), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
            assertFalse(Files.exists(out), command + " wrote a run directory for a bad spec");
            assertFalse(Files.exists(tmp.resolve("cache")), command + " wrote the cache for a bad spec");
        }
    }

    @Test
    void total_mobility_on_another_game_exits_2_at_the_task_entry() throws Exception {
        Path plugins = madeUpGameJar();
        Result r = graft("validate", spec("total-mobility", "game: {name: made-up, board: 4}").toString(),
                "--plugins", plugins.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("x.yaml:5:5"), r.err());
        assertTrue(r.err().contains("auxiliary task 'total-mobility' cannot be used with game 'made-up'"), r.err());
    }

    @Test
    void the_same_tasks_on_domineering_validate() throws Exception {
        Path plugins = madeUpGameJar();
        Result safe = graft("validate", spec("{name: safe-moves, sector: 2, layout: per-side}",
                "game: {name: domineering, board: 4}").toString(), "--plugins", plugins.toString());
        assertEquals(0, safe.code(), safe.err());
        assertTrue(safe.out().contains("layout: per-side"), safe.out());
        Result total = graft("validate", spec("total-mobility", "game: {name: domineering, board: 4}").toString());
        assertEquals(0, total.code(), total.err());
        assertTrue(total.out().contains("total-mobility"), total.out());
    }

    @Test
    void aux_variants_spec_validates_with_each_of_its_three_targets() {
        Path spec = Path.of("..", "specs", "aux-variants.yaml");
        Result safe = graft("validate", spec.toString());
        assertEquals(0, safe.code(), safe.err());
        assertTrue(safe.out().contains("- name: safe-moves\n  sector: 4\n  scale: 0.1\n  layout: balance\n"), safe.out());
        Result replication = graft("validate", Path.of("..", "specs", "replication.yaml").toString());
        String games = replication.out().lines().filter(l -> l.matches("  games: \\d+")).findFirst().orElseThrow();
        assertTrue(safe.out().lines().anyMatch(games::equals), "sized like the replication (" + games + "): " + safe.out());
        Result sectors = graft("validate", spec.toString(), "--set", "auxiliary.0=sector-balance");
        assertEquals(0, sectors.code(), sectors.err());
        assertTrue(sectors.out().contains("- name: sector-balance\n  sector: 4\n  scale: 0.1\n"), sectors.out());
        Result total = graft("validate", spec.toString(), "--set", "auxiliary.0=total-mobility");
        assertEquals(0, total.code(), total.err());
        assertTrue(total.out().contains("- name: total-mobility\n  scale: 0.03\n"), total.out());
    }

    /** Compiles {@link #GAME_PLUGIN} against the SPI alone into a jar in a fresh plugin folder. */
    private Path madeUpGameJar() throws IOException {
        Path src = tmp.resolve("src/madeup/MadeUpPlugin.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, GAME_PLUGIN);
        Path classes = tmp.resolve("classes");
        Files.createDirectories(classes);
        String spi;
        try {
            spi = Path.of(PluginFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, "--release", "17", "-cp", spi, "-d", classes.toString(),
                src.toString());
        assertEquals(0, rc, diagnostics.toString(StandardCharsets.UTF_8));
        Path dir = tmp.resolve("plugins.d");
        Files.createDirectories(dir);
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(dir.resolve("made-up.jar")));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                jar.write(Files.readAllBytes(f));
                jar.closeEntry();
            }
            jar.putNextEntry(new JarEntry("META-INF/services/dev.graft.spi.GraftPlugin"));
            jar.write("madeup.MadeUpPlugin\n".getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return dir;
    }
}
