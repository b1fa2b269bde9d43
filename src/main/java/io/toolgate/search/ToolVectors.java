package io.toolgate.search;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Computes the tools' embedding vectors in the background, off the request path: the model is loaded after start-up,
 * then every new {@link SearchIndex} gets vectors for its tools, read from the {@link VectorStore} when another run
 * already computed them, else embedded in small batches. After each batch the index's {@link SemanticIndex} grows,
 * so search fuses what is known and stays lexical for the rest. Vectors are kept by digest of the model and the text
 * embedded, so a tool served under several domains, or unchanged across a refresh, is embedded once.
 */
public final class ToolVectors {

    private static final Logger LOG = LoggerFactory.getLogger(ToolVectors.class);
    private static final int BATCH = 16;
    private static final int QUERY_CACHE = 512;
    /** How often search sees the vectors embedded so far while a large index is being embedded. */
    private static final long ATTACH_EVERY_NANOS = 500_000_000L;

    private final Supplier<Embedder> loader;
    private final VectorStore store;
    private final ExecutorService worker;
    private final Map<String, float[]> known = new ConcurrentHashMap<>();
    private final AtomicReference<SearchIndex> pending = new AtomicReference<>();
    /** Scheduled indexes whose task has not started yet. */
    private final AtomicInteger waiting = new AtomicInteger();
    private final Map<String, float[]> queries = Collections.synchronizedMap(new LinkedHashMap<>(QUERY_CACHE, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > QUERY_CACHE;
        }
    });
    private volatile Embedder embedder;
    private volatile String failure;

    /**
     * @param loader loads the model (called once, on the worker)
     * @param store  where vectors are shared across restarts and replicas, or {@code null} to keep them in memory only
     * @param worker a single thread that loads, embeds and stores
     */
    public ToolVectors(Supplier<Embedder> loader, VectorStore store, ExecutorService worker) {
        this.loader = loader;
        this.store = store;
        this.worker = worker;
    }

    /** Loads the model in the background, then serves whatever index was scheduled meanwhile. */
    public void start() {
        worker.execute(() -> {
            long started = System.nanoTime();
            try {
                if (store != null) {
                    store.open();
                }
                embedder = loader.get();
                LOG.info("Search model {} loaded in {} ms{}", embedder.model(), (System.nanoTime() - started) / 1_000_000,
                        store == null ? "; tool vectors are kept in memory" : "; tool vectors cached in " + store.description());
            } catch (Exception | LinkageError e) {
                failure = e.getClass().getSimpleName() + ": " + e.getMessage();
                LOG.warn("Search model not available ({}); discover_tools ranks lexically", failure);
                return;
            }
            process();
        });
    }

    /**
     * Builds the index in the background (off the registry writer's thread) and embeds its tools; a newer index replaces
     * one not yet served.
     */
    public void schedule(Supplier<SearchIndex> index) {
        waiting.incrementAndGet();
        worker.execute(() -> {
            waiting.decrementAndGet();
            pending.set(index.get());
            process();
        });
    }

    /** The query's vector, or {@code null} while the model is not loaded. Runs on the caller's thread. */
    public float[] embedQuery(String query) {
        Embedder e = embedder;
        if (e == null) {
            return null;
        }
        float[] v = queries.get(query);
        if (v == null) {
            v = e.embed(query);
            queries.put(query, v);
        }
        return v;
    }

    /** The model's name once loaded, else {@code null}. */
    public String model() {
        Embedder e = embedder;
        return e == null ? null : e.model();
    }

    /** Why the model could not be loaded, or {@code null}. */
    public String failure() {
        return failure;
    }

    private void process() {
        Embedder e = embedder;
        if (e == null) {
            // the index stays pending until the model is loaded
            return;
        }
        SearchIndex index = pending.getAndSet(null);
        if (index == null) {
            return;
        }
        long started = System.nanoTime();
        List<ToolText> texts = index.texts();
        String[] digests = new String[texts.size()];
        Map<String, String> missing = new LinkedHashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            String input = texts.get(i).embeddingInput();
            digests[i] = digest(e.model(), input);
            if (!known.containsKey(digests[i])) {
                missing.put(digests[i], input);
            }
        }
        int fromStore = 0;
        if (store != null && !missing.isEmpty()) {
            try {
                Map<String, float[]> stored = store.load(missing.keySet());
                known.putAll(stored);
                missing.keySet().removeAll(stored.keySet());
                fromStore = stored.size();
            } catch (Exception ex) {
                LOG.warn("Cannot read tool vectors from {}: {}", store.description(), ex.getMessage());
            }
        }
        index.attach(semantic(digests));
        long attached = System.nanoTime();
        List<Map.Entry<String, String>> todo = new ArrayList<>(missing.entrySet());
        for (int from = 0; from < todo.size(); from += BATCH) {
            if (waiting.get() > 0 || Thread.currentThread().isInterrupted()) {
                // a newer snapshot waits (its task is queued), or the gateway stops: what was embedded so far is kept
                return;
            }
            List<Map.Entry<String, String>> batch = todo.subList(from, Math.min(todo.size(), from + BATCH));
            List<float[]> vectors = e.embedAll(batch.stream().map(Map.Entry::getValue).toList());
            Map<String, float[]> computed = new LinkedHashMap<>();
            for (int j = 0; j < batch.size(); j++) {
                computed.put(batch.get(j).getKey(), vectors.get(j));
            }
            known.putAll(computed);
            save(e.model(), computed);
            if (System.nanoTime() - attached > ATTACH_EVERY_NANOS) {
                index.attach(semantic(digests));
                attached = System.nanoTime();
            }
        }
        index.attach(semantic(digests));
        known.keySet().retainAll(new HashSet<>(Arrays.asList(digests)));
        if (!todo.isEmpty() || fromStore > 0) {
            LOG.info("Search vectors ready for {} tools: {} embedded, {} read from the store, in {} ms", texts.size(),
                    todo.size(), fromStore, (System.nanoTime() - started) / 1_000_000);
        }
    }

    private void save(String model, Map<String, float[]> computed) {
        if (store == null) {
            return;
        }
        try {
            store.save(model, computed);
        } catch (Exception ex) {
            LOG.warn("Cannot store tool vectors in {}: {}", store.description(), ex.getMessage());
        }
    }

    private SemanticIndex semantic(String[] digests) {
        List<float[]> rows = new ArrayList<>(digests.length);
        for (String d : digests) {
            rows.add(known.get(d));
        }
        return new SemanticIndex(rows);
    }

    static String digest(String model, String input) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(model.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return HexFormat.of().formatHex(sha.digest(input.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
