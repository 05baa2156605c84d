package dev.graft.pipeline;

import dev.graft.graft.GraftAssertions;
import dev.graft.io.UserInputException;
import dev.graft.model.DominoGame;
import dev.graft.model.Transformer;
import dev.graft.plugin.PluginRegistry;
import dev.graft.spi.Game;
import dev.graft.spi.InvalidOptionsException;
import dev.graft.spi.ModelShape;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;
import dev.graft.train.CheckpointStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointModelTest {
    private static final ModelShape SHAPE = new ModelShape(8, 4, 2, 2, 12);

    @TempDir
    Path dir;

    @BeforeAll
    static void oneThread() {
        Nd4j.getEnvironment().setMaxThreads(1);
    }

    /** A game plugin {@code test-domino} with option {@code rows} (cols fixed at 4); rows 5 is refused together. */
    private static final PluginFactory<Game> DOMINO = new PluginFactory<>() {
        @Override public PluginKind kind() { return PluginKind.GAME; }
        @Override public String name() { return "test-domino"; }
        @Override public String description() { return "domino placement for tests"; }
        @Override public List<OptionSpec> options() {
            return List.of(OptionSpec.integer("rows", 3, 2, 8, "board rows"));
        }
        @Override public Game create(Options o) {
            if (o.getInt("rows") == 5) {
                throw new InvalidOptionsException("rows", "5 rows are not supported; use 3 or 4");
            }
            return new DominoGame(o.getInt("rows"), 4);
        }
    };

    private static final PluginRegistry CATALOG = new PluginRegistry(List.of(DOMINO), dev.graft.spi.PluginContext.none());

    private Path write(Transformer model, Map<String, Object> provenance) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("label", "small+aux");
        meta.put("model_shape", Map.of("d_model", SHAPE.dModel(), "d_head", SHAPE.dHead(), "heads", SHAPE.heads(),
                "layers", SHAPE.layers(), "d_mlp", SHAPE.dMlp()));
        if (provenance != null) {
            meta.put("provenance", provenance);
        }
        List<INDArray> zeros = new ArrayList<>();
        for (INDArray a : model.parameters()) {
            zeros.add(Nd4j.zerosLike(a));
        }
        return new CheckpointStore(dir.resolve("ck")).write(7, meta, model.parameterNames(), model.parameters(), zeros,
                zeros);
    }

    private static Map<String, Object> provenance(String game, Map<String, Object> options, int aux) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("seed", 3);
        p.put("game", Map.of("name", game, "options", options));
        p.put("aux_outputs", aux);
        return p;
    }

    @Test
    void a_run_checkpoint_loads_into_a_model_of_its_game_with_its_parameters() {
        Transformer original = GraftAssertions.randomise(new Transformer(new DominoGame(3, 4), SHAPE, 2, 1), 0.3, 1);
        Path file = write(original, provenance("test-domino", Map.of("rows", 3), 2));
        CheckpointModel loaded = CheckpointModel.load(CATALOG, file);
        assertEquals(7, loaded.checkpoint().step());
        assertEquals(new DominoGame(3, 4), loaded.game());
        assertEquals(SHAPE, loaded.model().shape());
        assertEquals(2, loaded.model().auxOutputs());
        for (String name : original.parameterNames()) {
            GraftAssertions.same(original.parameter(name), loaded.model().parameter(name), name);
        }
        assertEquals("checkpoint " + file + "'s model", loaded.describe());
    }

    @Test
    void the_aux_width_comes_from_the_parameters_when_provenance_omits_it() {
        Transformer original = new Transformer(new DominoGame(3, 4), SHAPE, 4, 2);
        Map<String, Object> p = provenance("test-domino", Map.of(), 0);
        p.remove("aux_outputs");
        CheckpointModel loaded = CheckpointModel.load(CATALOG, write(original, p));
        assertEquals(4, loaded.model().auxOutputs());
    }

    @Test
    void checkpoints_that_cannot_be_rebuilt_are_user_errors_naming_the_file_and_the_reason() throws Exception {
        Transformer model = new Transformer(new DominoGame(3, 4), SHAPE, 0, 3);
        Path bare = write(model, null);
        assertMessage(bare, "no provenance.game");
        Path unknown = write(model, provenance("chess", Map.of(), 0));
        assertMessage(unknown, "its game cannot be recreated", "no game plugin of that name", "test-domino");
        Path badOption = write(model, provenance("test-domino", Map.of("rows", 5), 0));
        assertMessage(badOption, "its game cannot be recreated", "5 rows are not supported");
        Path otherBoard = write(model, provenance("test-domino", Map.of("rows", 4), 0));
        assertMessage(otherBoard, "pos_embed.W_pos");
        Path text = dir.resolve("notes.ckpt");
        Files.writeString(text, "not a checkpoint");
        assertMessage(text, "export and predict read the model checkpoints a run writes");
    }

    private static void assertMessage(Path file, String... parts) {
        UserInputException e = assertThrows(UserInputException.class, () -> CheckpointModel.load(CATALOG, file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' missing in: " + e.getMessage());
        }
    }
}
