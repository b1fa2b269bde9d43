package io.toolgate.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Bounds what an HTTP client can hold open. A connection must deliver a complete request (head and body) within the
 * request-read timeout; a keep-alive connection with no request in flight is closed after the idle timeout; at most
 * {@code maxConnections} are open: past it the connection idle longest is closed to make room, or the new one is
 * refused when every connection has a request in flight. An event-stream response is in flight for as long as it is
 * open, so neither timeout ends it; it gets a {@code : keep-alive} comment whenever the keep-alive interval passes.
 * One periodic sweep applies the timeouts and the keep-alive; nothing is added to a request's own handlers.
 */
public final class ConnectionLimits {

    private static final String KEEP_ALIVE = ": keep-alive\n\n";

    private final long readTimeoutNanos;
    private final long idleTimeoutNanos;
    private final long keepAliveNanos;
    private final int maxConnections;
    private final LongSupplier clock;
    private final Map<HttpConnection, Tracked> open = new ConcurrentHashMap<>();

    /**
     * @param readTimeoutMillis a request's head and body must arrive within this time
     * @param idleTimeoutMillis a connection with no request in flight is closed after this time
     * @param keepAliveMillis   the longest an open event stream goes without a byte
     * @param maxConnections    the most connections open at once
     */
    public ConnectionLimits(long readTimeoutMillis, long idleTimeoutMillis, long keepAliveMillis, int maxConnections) {
        this(readTimeoutMillis, idleTimeoutMillis, keepAliveMillis, maxConnections, System::nanoTime);
    }

    ConnectionLimits(long readTimeoutMillis, long idleTimeoutMillis, long keepAliveMillis, int maxConnections,
                     LongSupplier clock) {
        this.readTimeoutNanos = readTimeoutMillis * 1_000_000;
        this.idleTimeoutNanos = idleTimeoutMillis * 1_000_000;
        this.keepAliveNanos = keepAliveMillis * 1_000_000;
        this.maxConnections = maxConnections;
        this.clock = clock;
    }

    /** Sweeps every quarter of the shortest interval (between 50 ms and 1 s); returns the timer id. */
    long start(Vertx vertx) {
        long shortest = Math.min(readTimeoutNanos, Math.min(idleTimeoutNanos, keepAliveNanos)) / 1_000_000;
        return vertx.setPeriodic(Math.max(50, Math.min(1000, shortest / 4)), id -> sweep());
    }

    /** A new connection: admitted (closing the longest-idle one when at the cap) or closed at once. */
    void opened(HttpConnection connection) {
        if (open.size() >= maxConnections && !evictLongestIdle()) {
            connection.close();
            return;
        }
        long now = clock.getAsLong();
        open.put(connection, new Tracked(now));
        connection.closeHandler(v -> open.remove(connection));
    }

    /** A request whose head has arrived. */
    void request(HttpServerRequest request) {
        Tracked t = open.get(request.connection());
        if (t != null) {
            synchronized (t) {
                t.requests.add(new InFlight(request, clock.getAsLong()));
                t.sawRequest = true;
            }
        }
    }

    /** Requests whose head has arrived and whose response has not ended. */
    public int requestsInFlight() {
        long now = clock.getAsLong();
        int n = 0;
        for (Tracked t : open.values()) {
            synchronized (t) {
                n += t.prune(now);
            }
        }
        return n;
    }

    void sweep() {
        long now = clock.getAsLong();
        List<HttpConnection> close = new ArrayList<>();
        for (Map.Entry<HttpConnection, Tracked> e : open.entrySet()) {
            Tracked t = e.getValue();
            synchronized (t) {
                int inFlight = t.prune(now);
                if (inFlight == 0) {
                    long limit = t.sawRequest ? idleTimeoutNanos : readTimeoutNanos;
                    if (now - t.lastActive > limit) {
                        close.add(e.getKey());
                    }
                    continue;
                }
                for (InFlight r : t.requests) {
                    HttpServerResponse res = r.request.response();
                    if (!res.headWritten()) {
                        if (r.expectsBody() && !r.request.isEnded() && now - r.arrived > readTimeoutNanos) {
                            close.add(e.getKey());
                            break;
                        }
                    } else if (r.eventStream() && now - r.lastWrite >= keepAliveNanos) {
                        r.lastWrite = now;
                        res.write(KEEP_ALIVE);
                    }
                }
            }
        }
        close.forEach(HttpConnection::close);
    }

    private boolean evictLongestIdle() {
        long now = clock.getAsLong();
        HttpConnection oldest = null;
        long oldestActive = Long.MAX_VALUE;
        for (Map.Entry<HttpConnection, Tracked> e : open.entrySet()) {
            Tracked t = e.getValue();
            synchronized (t) {
                if (t.prune(now) == 0 && t.lastActive < oldestActive) {
                    oldestActive = t.lastActive;
                    oldest = e.getKey();
                }
            }
        }
        if (oldest == null) {
            return false;
        }
        open.remove(oldest);
        oldest.close();
        return true;
    }

    /** One open connection; guarded by its own monitor. */
    private static final class Tracked {
        final List<InFlight> requests = new ArrayList<>(1);
        long lastActive;
        boolean sawRequest;

        Tracked(long now) {
            this.lastActive = now;
        }

        /** Drops the requests whose response is over (the connection is active until then); returns those left. */
        int prune(long now) {
            for (Iterator<InFlight> it = requests.iterator(); it.hasNext(); ) {
                HttpServerResponse res = it.next().request.response();
                if (res.ended() || res.closed()) {
                    it.remove();
                    lastActive = now;
                }
            }
            return requests.size();
        }
    }

    private static final class InFlight {
        final HttpServerRequest request;
        final long arrived;
        long lastWrite;

        InFlight(HttpServerRequest request, long arrived) {
            this.request = request;
            this.arrived = arrived;
            this.lastWrite = arrived;
        }

        boolean expectsBody() {
            return request.headers().contains(HttpHeaders.CONTENT_LENGTH)
                    && !"0".equals(request.getHeader(HttpHeaders.CONTENT_LENGTH))
                    || request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
        }

        boolean eventStream() {
            String type = request.response().headers().get(HttpHeaders.CONTENT_TYPE);
            return type != null && type.startsWith("text/event-stream");
        }
    }
}
