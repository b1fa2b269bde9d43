package io.toolgate.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * MCP's stdio transport: the upstream is a child process of the gateway, started on first use and shared by every
 * caller, with one JSON-RPC message per line on its stdin and stdout (requests told apart by id). Each run of the
 * process is one session: a request presenting the session of an earlier run is answered 404, so the session is
 * initialised again on the new process. When the process exits, or does not answer a ping after a request timed out,
 * the requests in flight fail at once and the process is started again after a pause that doubles from
 * {@value #FIRST_RESTART_MILLIS} ms up to {@value #MAX_RESTART_MILLIS} ms (back to the start once a run lasted that
 * long).
 */
final class StdioTransport implements McpTransport {

    static final long FIRST_RESTART_MILLIS = 1_000;
    static final long MAX_RESTART_MILLIS = 30_000;
    private static final long PING_MILLIS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(StdioTransport.class);

    /** One run of the process. */
    private record Run(ChildProcess child, String sessionId, CountDownLatch ended, AtomicBoolean pinging) {
    }

    private final String domain;
    private final StdioCommand command;
    private final long timeoutMillis;
    private final long maxMessageBytes;
    private final Executor background;
    private final PendingReplies replies;
    private final JsonLines lines;
    private final ReentrantLock writing = new ReentrantLock();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicLong pings = new AtomicLong();
    private final Object lock = new Object();
    private Run current;
    private int runs;
    private boolean supervised;
    private String down;
    private volatile boolean closed;

    /**
     * @param timeoutMillis   how long a request may wait for its response
     * @param maxMessageBytes the longest line read from the process; a longer one is dropped
     * @param background      runs the ping that checks a process after a request timed out
     */
    StdioTransport(String domain, StdioCommand command, long timeoutMillis, long maxMessageBytes, Executor background) {
        this.domain = domain;
        this.command = command;
        this.timeoutMillis = timeoutMillis;
        this.maxMessageBytes = maxMessageBytes;
        this.background = background;
        this.replies = new PendingReplies(domain);
        this.lines = new JsonLines(domain, maxMessageBytes, replies::deliver);
    }

    @Override
    public boolean singleConnection() {
        return true;
    }

    @Override
    public Reply send(ObjectNode message, Envelope envelope, Consumer<JsonNode> inbound, InFlightCall call) {
        Run run = running();
        if (envelope.sessionId() != null && !envelope.sessionId().equals(run.sessionId())) {
            return new Reply(404, envelope.sessionId(), null);
        }
        if (!message.has("method") || !message.has("id")) {
            write(run, message);
            return new Reply(202, run.sessionId(), null);
        }
        long id = message.get("id").asLong();
        CompletableFuture<JsonNode> reply = replies.expect(message, inbound, call != null);
        try {
            write(run, message);
            if (run.ended().getCount() == 0) {
                throw UpstreamException.transport("the upstream process " + run.child().exitReason(), null);
            }
        } catch (UpstreamException e) {
            replies.forget(id);
            throw e;
        }
        try {
            return new Reply(200, run.sessionId(), replies.await(id, reply, timeoutMillis, call));
        } catch (UpstreamException e) {
            if (e.isTransient() && run.ended().getCount() > 0) {
                checkAnswering(run);
            }
            throw e;
        }
    }

    /**
     * Passes what the process sends outside any request to {@code inbound} until that run of the process ends: 404
     * then (the session ended with it), 200 when the transport closed. A stateless subscription is not offered (405).
     */
    @Override
    public int stream(ObjectNode subscription, Envelope envelope, Consumer<JsonNode> inbound, Runnable opened)
            throws IOException, InterruptedException {
        if (subscription != null) {
            return 405;
        }
        Run run;
        try {
            run = running();
        } catch (UpstreamException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (envelope.sessionId() == null || !envelope.sessionId().equals(run.sessionId())) {
            return 404;
        }
        replies.openStandalone(inbound);
        try {
            opened.run();
            run.ended().await();
        } finally {
            replies.closeStandalone(inbound);
        }
        return closed ? 200 : 404;
    }

    /** The process ends with its session, when the transport closes. */
    @Override
    public void endSession(String sessionId) {
    }

    /** Ends the process and its children; requests in flight fail. */
    @Override
    public void close() {
        Run run;
        synchronized (lock) {
            closed = true;
            run = current;
            current = null;
        }
        closing.countDown();
        if (run != null) {
            run.child().stop();
        }
        replies.failAll(UpstreamException.transport("the gateway closed the upstream", null));
    }

    /** The process of this run, started now on first use. */
    private Run running() {
        synchronized (lock) {
            if (closed) {
                throw UpstreamException.transport("the upstream is closed", null);
            }
            if (current != null) {
                return current;
            }
            if (supervised) {
                throw UpstreamException.transport("the upstream process " + down + "; it is being restarted", null);
            }
            Run first = launch();
            supervised = true;
            Thread supervisor = new Thread(() -> supervise(first), "toolgate-stdio-" + domain);
            supervisor.setDaemon(true);
            supervisor.start();
            return first;
        }
    }

    /** Starts a run of the process; called under the lock. */
    private Run launch() {
        ChildProcess child = ChildProcess.start(domain, command);
        current = new Run(child, "stdio-" + (++runs), new CountDownLatch(1), new AtomicBoolean());
        LOG.info("Upstream '{}' started process {}: {}", domain, child.pid(), command);
        return current;
    }

    /** Reads each run until it ends, then starts the next after the pause, until the transport closes. */
    private void supervise(Run first) {
        Run run = first;
        long pause = FIRST_RESTART_MILLIS;
        while (true) {
            if (run != null) {
                long started = System.nanoTime();
                lines.read(run.child().stdout());
                ended(run, pause);
                if (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) >= MAX_RESTART_MILLIS) {
                    pause = FIRST_RESTART_MILLIS;
                }
            }
            try {
                if (closing.await(pause, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
            pause = Math.min(pause * 2, MAX_RESTART_MILLIS);
            synchronized (lock) {
                if (closed) {
                    return;
                }
                try {
                    run = launch();
                } catch (UpstreamException e) {
                    run = null;
                    down = "could not be started (" + e.getMessage() + ")";
                    LOG.warn("Upstream '{}' {}; trying again in {} ms", domain, down, pause);
                }
            }
        }
    }

    /** A run ended: callers waiting on it fail at once with the reason. */
    private void ended(Run run, long pause) {
        try {
            run.child().stop();
        } finally {
            String reason = run.child().exitReason();
            synchronized (lock) {
                if (current == run) {
                    current = null;
                }
                down = reason;
            }
            run.ended().countDown();
            if (!closed) {
                replies.failAll(UpstreamException.transport("the upstream process " + reason, null));
                LOG.warn("Upstream '{}' process {} {}; restarting in {} ms", domain, run.child().pid(), reason, pause);
            }
        }
    }

    private void write(Run run, ObjectNode message) {
        byte[] bytes = (Json.write(message) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (!writing.tryLock(timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw UpstreamException.transport("timed out after " + timeoutMillis + " ms writing to the upstream process",
                        null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamException("interrupted");
        }
        try {
            OutputStream in = run.child().stdin();
            in.write(bytes);
            in.flush();
        } catch (IOException e) {
            throw UpstreamException.transport("the upstream process " + run.child().exitReason(), e);
        } finally {
            writing.unlock();
        }
    }

    /**
     * After a request timed out: pings the process, and ends it (so it is restarted and every caller fails at once)
     * when the ping is not answered either. One ping at a time per run.
     */
    private void checkAnswering(Run run) {
        if (!run.pinging().compareAndSet(false, true)) {
            return;
        }
        background.execute(() -> {
            ObjectNode ping = UpstreamChannel.notification("ping");
            long id = -pings.incrementAndGet();
            ping.put("id", id);
            try {
                CompletableFuture<JsonNode> pong = replies.expect(ping, m -> { }, false);
                write(run, ping);
                replies.await(id, pong, Math.min(timeoutMillis, PING_MILLIS), null);
            } catch (UpstreamException e) {
                if (run.ended().getCount() > 0 && !closed) {
                    LOG.warn("Upstream '{}' process {} does not answer ({}); ending it", domain, run.child().pid(),
                            e.getMessage());
                    run.child().stop();
                }
            } finally {
                run.pinging().set(false);
            }
        });
    }
}
