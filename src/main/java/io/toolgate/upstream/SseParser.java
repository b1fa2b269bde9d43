package io.toolgate.upstream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Splits an event stream ({@code text/event-stream}) into events as its bytes arrive, in chunks of any size: lines end
 * with LF, CRLF or CR, the {@code data} lines of an event are joined with line feeds, and an event is complete at a
 * blank line, passed on only when it carries data. The stream's last event id and {@code retry} delay are kept. An
 * event larger than the limit fails the read. Not thread-safe: one thread feeds it at a time.
 */
final class SseParser {

    /** Receives each complete event, on the thread that feeds the parser. */
    interface Handler {
        /**
         * @param type the event's type, {@code message} when it named none
         * @param data its data lines, joined with line feeds
         */
        void event(String type, String data) throws IOException;
    }

    private final long maxBytes;
    private final Handler handler;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final StringBuilder data = new StringBuilder();
    private String type;
    private boolean skipLineFeed;
    private volatile String lastEventId;
    private volatile long retryMillis = -1;

    SseParser(long maxBytes, Handler handler) {
        this.maxBytes = maxBytes;
        this.handler = handler;
    }

    /** The id of the last event that named one, or null. */
    String lastEventId() {
        return lastEventId;
    }

    /** The reconnection delay the stream asked for, or -1. */
    long retryMillis() {
        return retryMillis;
    }

    /** Starts from {@code previous}'s last event id and retry delay, until this stream names its own. */
    void continueFrom(SseParser previous) {
        lastEventId = previous.lastEventId;
        retryMillis = previous.retryMillis;
    }

    /** Reads the chunk to its end, passing on every event it completes. */
    void feed(ByteBuffer chunk) throws IOException {
        while (chunk.hasRemaining()) {
            byte b = chunk.get();
            if (b == '\n' && skipLineFeed) {
                skipLineFeed = false;
                continue;
            }
            skipLineFeed = b == '\r';
            if (b == '\n' || b == '\r') {
                line(line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else {
                line.write(b);
                if (line.size() + (long) data.length() > maxBytes) {
                    throw new IOException("an event exceeds " + maxBytes + " bytes");
                }
            }
        }
    }

    /** A field's value: what follows its name and colon, without the one space that may lead it. */
    private static String field(String line, int start) {
        return line.startsWith(" ", start) ? line.substring(start + 1) : line.substring(start);
    }

    private void line(String line) throws IOException {
        if (line.isEmpty()) {
            String eventType = type == null || type.isEmpty() ? "message" : type;
            type = null;
            if (data.length() > 0) {
                String complete = data.toString();
                data.setLength(0);
                handler.event(eventType, complete);
            }
        } else if (line.startsWith("data:")) {
            if (data.length() > 0) {
                data.append('\n');
            }
            data.append(field(line, 5));
        } else if (line.startsWith("event:")) {
            type = field(line, 6);
        } else if (line.startsWith("id:")) {
            lastEventId = field(line, 3);
        } else if (line.startsWith("retry:") && field(line, 6).matches("[0-9]{1,9}")) {
            retryMillis = Long.parseLong(field(line, 6));
        }
    }
}
