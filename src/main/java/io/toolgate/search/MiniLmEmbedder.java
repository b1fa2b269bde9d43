package io.toolgate.search;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

import java.util.List;

/**
 * all-MiniLM-L6-v2 (quantized, 384 dimensions) on ONNX Runtime, in-process: the weights ship inside the jar, nothing is
 * downloaded and no GPU is used. Loading takes about a second; an embedding of a short query a few milliseconds.
 */
public final class MiniLmEmbedder implements Embedder {

    public static final String MODEL = "all-minilm-l6-v2-q@1.19.0-beta29";
    private final AllMiniLmL6V2QuantizedEmbeddingModel model;

    public MiniLmEmbedder() {
        // batches run on the calling thread: the background indexer must not take every core from requests
        this.model = new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run);
    }

    @Override
    public String model() {
        return MODEL;
    }

    @Override
    public float[] embed(String text) {
        return model.embed(text).content().vector();
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<Embedding> out = model.embedAll(texts.stream().map(TextSegment::from).toList()).content();
        return out.stream().map(Embedding::vector).toList();
    }
}
