package dev.graft.model;

import dev.graft.spi.ModelShape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParameterStoreTest {
    private static final DominoGame GAME = new DominoGame(3, 4);
    private static final ModelShape SHAPE = new ModelShape(8, 4, 2, 2, 12);

    @BeforeAll
    static void oneThread() {
        Nd4j.getEnvironment().setMaxThreads(1);
    }

    private static ParameterStore store(long seed) {
        return ParameterStore.initialised(ParameterLayout.of(GAME, SHAPE, 3), DataType.FLOAT, Initialisation.STUDY, seed);
    }

    @Test
    void the_store_holds_the_layouts_parameters_in_its_order_and_shapes_with_zero_gradients() {
        ParameterStore s = store(1);
        assertEquals(s.layout().names(), s.names());
        for (ParameterLayout.Entry e : s.layout().entries()) {
            assertArrayEquals(e.shape(), s.value(e.name()).shape(), e.name());
            assertArrayEquals(e.shape(), s.gradient(e.name()).shape(), e.name());
            assertEquals(0.0, s.gradient(e.name()).amaxNumber().doubleValue(), e.name());
        }
        var err = assertThrows(IllegalArgumentException.class, () -> s.value("blocks.2.attn.W_Q"));
        assertTrue(err.getMessage().contains("blocks.1.attn.W_Q"), "names the known parameters: " + err.getMessage());
    }

    @Test
    void the_store_draws_what_the_transformer_holds_from_the_same_seed() {
        ParameterStore s = store(42);
        Transformer t = new Transformer(GAME, SHAPE, 3, 42);
        for (String name : s.names()) {
            assertEquals(t.parameter(name), s.value(name), name);
        }
        // the linear layers' fan-in is their weight's input width: W_out's bound is 1/√d_mlp
        double bound = Initialisation.bound(SHAPE.dMlp());
        INDArray bout = s.value(ParameterLayout.blockParameter(0, ParameterLayout.B_OUT));
        assertTrue(bout.amaxNumber().doubleValue() <= bound && bout.amaxNumber().doubleValue() > bound / 4);
    }

    @Test
    void a_replica_shares_the_values_and_owns_its_gradients() {
        ParameterStore s = store(2);
        ParameterStore r = s.replica();
        for (String name : s.names()) {
            assertSame(s.value(name), r.value(name), name);
            assertNotSame(s.gradient(name), r.gradient(name), name);
        }
        String wq = ParameterLayout.blockParameter(1, ParameterLayout.W_Q);
        s.gradient(wq).assign(1);
        r.gradient(wq).assign(2);
        s.addGradients(r);
        assertEquals(3.0, s.gradient(wq).getDouble(0, 0, 0));
        assertEquals(2.0, r.gradient(wq).getDouble(0, 0, 0));
    }

    @Test
    void head_and_neuron_views_write_through_to_the_parameters() {
        ParameterStore s = store(3);
        s.head(AttentionProjection.O, 1, 1).assign(0);
        INDArray wo = s.value(ParameterLayout.blockParameter(1, ParameterLayout.W_O));
        assertEquals(0.0, wo.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1)).amaxNumber().doubleValue());
        assertTrue(wo.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)).amaxNumber().doubleValue() > 0);
        s.unit(ParameterLayout.blockParameter(0, ParameterLayout.B_IN), 5).assign(7);
        assertEquals(7.0, s.value(ParameterLayout.blockParameter(0, ParameterLayout.B_IN)).getDouble(5));
        s.neuronOut(0, 2).assign(-1);
        assertEquals(-1.0, s.value(ParameterLayout.blockParameter(0, ParameterLayout.W_OUT)).getDouble(2, 7));
        assertThrows(IllegalArgumentException.class, () -> s.head(AttentionProjection.Q, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> s.neuronIn(2, 0));
    }
}
