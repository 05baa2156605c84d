package dev.graft.spi;

import java.util.List;

/**
 * How a small model goes into a large one. Heads {@code 0…h_small−1} and MLP neurons
 * {@code 0…m_small−1} of each copied layer receive the small model's weights; the large layer's other
 * heads and neurons keep random input weights and get zero output weights. Silenced layers get all
 * output weights zeroed, so they pass the residual stream through unchanged.
 *
 * @param copies         which small layer goes into which large layer
 * @param silencedLayers large layers whose attention and MLP outputs are zeroed
 * @param copyEmbeddings copy token and position embeddings
 * @param copyFinalNorm  copy the final LayerNorm
 * @param copyHeads      copy the value, policy and auxiliary heads
 */
public record GraftPlan(List<LayerCopy> copies, List<Integer> silencedLayers, boolean copyEmbeddings,
                        boolean copyFinalNorm, boolean copyHeads) {

    public GraftPlan {
        copies = List.copyOf(copies);
        silencedLayers = List.copyOf(silencedLayers);
    }

    /** Small-model layer {@code smallLayer} is written into large-model layer {@code largeLayer}. */
    public record LayerCopy(int smallLayer, int largeLayer) {
    }
}
