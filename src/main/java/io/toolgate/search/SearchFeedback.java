package io.toolgate.search;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * Learns from use: when a session runs {@code execute_tool} on a tool that its last {@code discover_tools(query)}
 * listed (within {@link #WINDOW_MILLIS}), the pair (query, tool) is evidence of what the query meant. The most recent
 * {@link #MAX_PAIRS} pairs are kept, with the query's vector, and stored in the database when there is one; a later
 * query close in meaning to a learned one (cosine ≥ {@link #MIN_SIMILARITY}, or the same words without a model) lifts
 * that tool. Queries are stored as typed: they are user data, protect the database accordingly.
 */
public final class SearchFeedback {

    static final int MAX_PAIRS = 5_000;
    static final int MAX_SESSIONS = 10_000;
    static final long WINDOW_MILLIS = 10 * 60 * 1000L;
    static final float MIN_SIMILARITY = 0.8f;
    private static final Logger LOG = LoggerFactory.getLogger(SearchFeedback.class);

    /** A learned pair: the query, its vector (or {@code null}), and the tool it meant. */
    public record Pair(String query, String tool, float[] vector) {
    }

    private record Learned(Pair pair, List<String> terms) {
    }

    private record LastSearch(String query, float[] vector, Set<String> tools, long at) {
    }

    private final Map<String, LastSearch> sessions = bounded(MAX_SESSIONS);
    private final Map<String, Pair> pairs = bounded(MAX_PAIRS);
    private final FeedbackStore store;
    private final Executor writer;
    private final LongSupplier clock;
    private volatile List<Learned> learned = List.of();

    /**
     * @param store  where pairs outlive the process, or {@code null}
     * @param writer runs the store's writes off the request thread
     */
    public SearchFeedback(FeedbackStore store, Executor writer, LongSupplier clock) {
        this.store = store;
        this.writer = writer;
        this.clock = clock;
    }

    private static <V> Map<String, V> bounded(int max) {
        return Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > max;
            }
        });
    }

    /** Reads the stored pairs whose vectors come from {@code model} (others keep their words only). */
    public void load(String model) {
        if (store == null) {
            return;
        }
        try {
            store.open();
            for (Pair p : store.all(model)) {
                pairs.put(key(p.query(), p.tool()), p);
            }
            publish();
            LOG.info("Search feedback: {} learned queries read from {}", pairs.size(), store.description());
        } catch (Exception e) {
            LOG.warn("Cannot read search feedback from {}: {}", store.description(), e.getMessage());
        }
    }

    /** A session's {@code discover_tools(query)} listed these tools. */
    public void searched(String session, String query, float[] vector, List<String> tools) {
        if (session != null && !tools.isEmpty()) {
            sessions.put(session, new LastSearch(query, vector, Set.copyOf(tools), clock.getAsLong()));
        }
    }

    /** A session executes a tool; learns the pair when its last search listed it. */
    public void executed(String session, String tool, String model) {
        LastSearch last = session == null ? null : sessions.get(session);
        if (last == null || !last.tools().contains(tool) || clock.getAsLong() - last.at() > WINDOW_MILLIS) {
            return;
        }
        sessions.remove(session);
        Pair pair = new Pair(last.query(), tool, last.vector());
        pairs.put(key(pair.query(), tool), pair);
        publish();
        if (store != null) {
            writer.execute(() -> {
                try {
                    store.save(pair, model, MAX_PAIRS);
                } catch (Exception e) {
                    LOG.warn("Cannot store search feedback in {}: {}", store.description(), e.getMessage());
                }
            });
        }
    }

    /** How many pairs are learned. */
    public int size() {
        return learned.size();
    }

    /**
     * How much each tool of {@code index} is lifted for this query: the best similarity of a learned query that meant
     * it, from {@link #MIN_SIMILARITY} up (1 for the same words), else 0.
     */
    public float[] lift(SearchIndex index, String query, float[] vector) {
        List<Learned> all = learned;
        float[] out = new float[index.tools().size()];
        if (all.isEmpty()) {
            return out;
        }
        List<String> terms = Terms.of(query);
        for (Learned l : all) {
            Pair p = l.pair();
            float similarity = l.terms().equals(terms) ? 1
                    : vector != null && p.vector() != null ? cosine(vector, p.vector()) : 0;
            if (similarity >= MIN_SIMILARITY) {
                int i = index.position(p.tool());
                if (i >= 0) {
                    out[i] = Math.max(out[i], similarity);
                }
            }
        }
        return out;
    }

    private void publish() {
        synchronized (pairs) {
            List<Learned> all = new ArrayList<>(pairs.size());
            pairs.values().forEach(p -> all.add(new Learned(p, Terms.of(p.query()))));
            learned = List.copyOf(all);
        }
    }

    private static String key(String query, String tool) {
        return query + '\u0000' + tool;
    }

    private static float cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            return 0;
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int k = 0; k < a.length; k++) {
            dot += a[k] * b[k];
            na += a[k] * a[k];
            nb += b[k] * b[k];
        }
        return na == 0 || nb == 0 ? 0 : (float) (dot / Math.sqrt(na * nb));
    }
}
