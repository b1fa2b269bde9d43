package io.toolgate.codemode;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** One worker JVM seen from the gateway: its messages in arrival order, and a way to write to it and to kill it. */
final class WorkerProcess {

    /** Queued when the worker's stdout ends: the process is gone. */
    static final JsonNode EXITED = Json.object().put("type", "exited");

    private static final Logger LOG = LoggerFactory.getLogger(WorkerProcess.class);

    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();

    private WorkerProcess(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        daemon("codemode-worker-out-" + process.pid(), () -> readMessages(process.getInputStream()));
        daemon("codemode-worker-err-" + process.pid(), () -> readLogs(process.getErrorStream()));
    }

    /** Starts a worker with an empty environment. */
    static WorkerProcess start(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        return new WorkerProcess(pb.start());
    }

    long pid() {
        return process.pid();
    }

    /** The next message, {@link #EXITED} once the process is gone, or null when none arrives in time. */
    JsonNode next(long timeoutMillis) throws InterruptedException {
        return messages.poll(Math.max(0, timeoutMillis), TimeUnit.MILLISECONDS);
    }

    /** Writes one message; false when the worker no longer reads. */
    synchronized boolean send(JsonNode message) {
        try {
            stdin.write(Json.write(message).getBytes(StandardCharsets.UTF_8));
            stdin.write('\n');
            stdin.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Kills the worker and anything it started. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    private void readMessages(InputStream out) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(out, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    messages.add(Json.parse(line));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("code-mode worker {}: unreadable output: {}", process.pid(), e.getMessage());
            kill();
        } finally {
            messages.add(EXITED);
        }
    }

    private void readLogs(InputStream err) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(err, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                LOG.debug("code-mode worker {}: {}", process.pid(), line);
            }
        } catch (IOException e) {
            LOG.debug("code-mode worker {}: stderr closed: {}", process.pid(), e.getMessage());
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }
}
