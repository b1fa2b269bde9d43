package io.toolgate.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads newline-delimited JSON-RPC from a stream (a stdio upstream's stdout): each line holding a message, or a batch
 * of them, goes to the consumer. A line that is not JSON-RPC is logged (the first {@value #LOGGED_BAD_LINES}, the
 * rest at DEBUG) and skipped; so is a line longer than the limit. A consumer that fails on a message does not end
 * the reading.
 */
final class JsonLines {

    private static final int LOGGED_BAD_LINES = 10;
    private static final Logger LOG = LoggerFactory.getLogger(JsonLines.class);

    private final String domain;
    private final long maxLineBytes;
    private final Consumer<JsonNode> messages;
    private long badLines;

    JsonLines(String domain, long maxLineBytes, Consumer<JsonNode> messages) {
        this.domain = domain;
        this.maxLineBytes = maxLineBytes;
        this.messages = messages;
    }

    /** Reads until the stream ends or fails; called by one thread at a time. */
    void read(InputStream stream) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean tooLong = false;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = stream) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] != '\n') {
                        continue;
                    }
                    tooLong = append(line, buffer, start, i - start, tooLong);
                    if (tooLong) {
                        LOG.warn("Upstream '{}' sent a message over {} bytes; dropped", domain, maxLineBytes);
                    } else {
                        received(line.toString(StandardCharsets.UTF_8));
                    }
                    line.reset();
                    tooLong = false;
                    start = i + 1;
                }
                tooLong = append(line, buffer, start, n - start, tooLong);
            }
        } catch (IOException e) {
            LOG.debug("Upstream '{}' stdout closed: {}", domain, e.toString());
        }
    }

    private boolean append(ByteArrayOutputStream line, byte[] buffer, int from, int length, boolean tooLong) {
        if (tooLong || line.size() + (long) length > maxLineBytes) {
            line.reset();
            return true;
        }
        line.write(buffer, from, length);
        return false;
    }

    private void received(String line) {
        if (line.isBlank()) {
            return;
        }
        JsonNode message;
        try {
            message = Json.parse(line);
        } catch (IllegalArgumentException e) {
            message = null;
        }
        if (message != null && message.isArray()) {
            message.forEach(this::deliver);
        } else if (message != null && message.isObject()) {
            deliver(message);
        } else if (++badLines <= LOGGED_BAD_LINES) {
            LOG.warn("Upstream '{}' wrote a line that is not JSON-RPC to stdout; ignored: {}{}", domain,
                    line.length() > 200 ? line.substring(0, 200) + "…" : line,
                    badLines == LOGGED_BAD_LINES ? " (further such lines are logged at DEBUG)" : "");
        } else {
            LOG.debug("Upstream '{}' wrote a line that is not JSON-RPC to stdout: {}", domain, line);
        }
    }

    private void deliver(JsonNode message) {
        if (!message.isObject()) {
            return;
        }
        try {
            messages.accept(message);
        } catch (RuntimeException e) {
            LOG.warn("Upstream '{}' sent {} that could not be passed on: {}", domain,
                    message.path("method").asText("a response"), e.toString());
        }
    }
}
