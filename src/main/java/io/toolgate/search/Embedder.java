package io.toolgate.search;

import java.util.List;

/** A sentence-embedding model: text in, a unit-length vector out. Implementations are thread-safe. */
public interface Embedder {

    /** Names the model and its version; vectors of different models are never mixed. */
    String model();

    float[] embed(String text);

    default List<float[]> embedAll(List<String> texts) {
        return texts.stream().map(this::embed).toList();
    }
}
