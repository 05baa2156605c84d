package dev.graft.model;

import dev.graft.model.ParameterLayout.Entry;
import dev.graft.model.ParameterLayout.Part;
import dev.graft.model.ParameterLayout.Unit;
import dev.graft.spi.ModelShape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParameterLayoutTest {
    private static final DominoGame GAME = new DominoGame(3, 4);
    private static final ModelShape SHAPE = new ModelShape(8, 4, 2, 3, 12);

    @BeforeAll
    static void oneThread() {
        Nd4j.getEnvironment().setMaxThreads(1);
    }

    @Test
    void layout_lists_the_models_parameters_in_order_with_their_shapes() {
        for (int aux : new int[] {0, 3}) {
            Transformer model = new Transformer(GAME, SHAPE, aux, 1);
            ParameterLayout layout = model.layout();
            assertEquals(model.parameterNames(), layout.names(), "aux " + aux);
            for (Entry e : layout.entries()) {
                assertArrayEquals(model.parameter(e.name()).shape(), e.shape(), e.name());
            }
            assertEquals(aux > 0, layout.has("aux.W"));
        }
    }

    @Test
    void parts_and_blocks_partition_the_parameters() {
        ParameterLayout layout = ParameterLayout.of(GAME, SHAPE, 3);
        int blocks = 0;
        for (int l = 0; l < SHAPE.layers(); l++) {
            List<Entry> block = layout.block(l);
            assertEquals(12, block.size(), "12 parameters per layer");
            for (Entry e : block) {
                assertEquals(Part.BLOCK, e.part());
                assertEquals("blocks." + l + "." + e.suffix(), e.name());
            }
            blocks += block.size();
        }
        assertEquals(blocks, layout.part(Part.BLOCK).size());
        assertEquals(List.of("embed.W_state", "pos_embed.W_pos"), names(layout.part(Part.EMBEDDINGS)));
        assertEquals(List.of("ln_final.w", "ln_final.b"), names(layout.part(Part.FINAL_NORM)));
        assertEquals(List.of("value.W", "value.b", "aux.W", "aux.b", "policy.W1", "policy.b1", "policy.W2", "policy.b2"),
                names(layout.part(Part.HEADS)));
        assertEquals(layout.entries().size(), blocks + 2 + 2 + 8);
    }

    @Test
    void heads_and_neurons_are_indexed_along_the_documented_axes_and_only_outputs_write_the_residual() {
        ParameterLayout layout = ParameterLayout.of(GAME, SHAPE, 0);
        for (String s : List.of("attn.W_Q", "attn.W_K", "attn.W_V", "attn.W_O")) {
            Entry e = layout.entry("blocks.1." + s);
            assertEquals(Unit.HEAD, e.unit(), s);
            assertEquals(0, e.unitAxis(), s);
            assertEquals(SHAPE.heads(), e.units(), s);
        }
        assertEquals(1, layout.entry("blocks.1.mlp.W_in").unitAxis());
        assertEquals(0, layout.entry("blocks.1.mlp.b_in").unitAxis());
        assertEquals(0, layout.entry("blocks.1.mlp.W_out").unitAxis());
        assertEquals(SHAPE.dMlp(), layout.entry("blocks.1.mlp.W_out").units());
        for (Entry e : layout.entries()) {
            boolean output = e.suffix().equals("attn.W_O") || e.suffix().equals("mlp.W_out") || e.suffix().equals("mlp.b_out");
            assertEquals(output, e.writesResidual(), e.name());
        }
    }

    @Test
    void unit_views_are_writable_slices_matching_the_models_head_and_neuron_views() {
        Transformer model = new Transformer(GAME, SHAPE, 0, 4);
        ParameterLayout layout = model.layout();
        Entry wq = layout.entry("blocks.2.attn.W_Q");
        INDArray view = ParameterLayout.unitView(model.parameter(wq.name()), wq, 1);
        assertArrayEquals(new long[] {1, 8, 4}, view.shape());
        assertEquals(model.head(AttentionProjection.Q, 2, 1), view.reshape(8, 4));
        view.assign(7);
        assertEquals(7.0, model.readHead(AttentionProjection.Q, 2, 1)[3][2], 0.0);
        assertFalse(model.readHead(AttentionProjection.Q, 2, 0)[3][2] == 7.0f, "other head untouched");

        Entry win = layout.entry("blocks.0.mlp.W_in");
        INDArray column = ParameterLayout.unitView(model.parameter(win.name()), win, 5);
        assertArrayEquals(new long[] {8, 1}, column.shape());
        assertEquals(model.neuronIn(0, 5), column.reshape(8));
        Entry bin = layout.entry("blocks.0.mlp.b_in");
        double neighbour = model.parameter("blocks.0.mlp.b_in").getDouble(4);
        ParameterLayout.unitView(model.parameter(bin.name()), bin, 5).assign(3);
        assertEquals(3.0, model.parameter("blocks.0.mlp.b_in").getDouble(5), 0.0);
        assertEquals(neighbour, model.parameter("blocks.0.mlp.b_in").getDouble(4), 0.0, "other neuron untouched");
        Entry wout = layout.entry("blocks.0.mlp.W_out");
        ParameterLayout.unitView(model.parameter(wout.name()), wout, 11).assign(0);
        assertEquals(0.0, model.neuronOut(0, 11).norm2Number().doubleValue(), 0.0);
        assertTrue(model.neuronOut(0, 10).norm2Number().doubleValue() > 0);
    }

    @Test
    void unknown_names_and_out_of_range_units_are_refused_with_what_exists() {
        ParameterLayout layout = ParameterLayout.of(GAME, SHAPE, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> layout.entry("aux.W"));
        assertTrue(e.getMessage().contains("without an aux head"), e.getMessage());
        Entry wo = layout.entry("blocks.0.attn.W_O");
        e = assertThrows(IllegalArgumentException.class,
                () -> ParameterLayout.unitView(Nd4j.zeros(2, 4, 8), wo, 2));
        assertTrue(e.getMessage().contains("0..1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> layout.block(3));
    }

    private static List<String> names(List<Entry> entries) {
        return entries.stream().map(Entry::name).toList();
    }
}
