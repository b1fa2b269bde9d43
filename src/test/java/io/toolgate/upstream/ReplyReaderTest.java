package io.toolgate.upstream;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ReplyReaderTest {

    private static ReplyReader subscribed(ReplyReader reader, AtomicBoolean cancelled) {
        reader.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
                cancelled.set(true);
            }
        });
        return reader;
    }

    private static List<ByteBuffer> bytes(String s) {
        return List.of(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void eventStreamPassesOtherMessagesOnAndSkipsOtherIdsAcrossChunksAndLineEndings() throws Exception {
        AtomicBoolean cancelled = new AtomicBoolean();
        List<String> others = new ArrayList<>();
        ReplyReader reader = subscribed(new ReplyReader(true, 7, 1024, m -> others.add(m.path("method").asText())), cancelled);
        reader.onNext(bytes(": comment\r\nevent: message\r\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\r\n\r\n"));
        reader.onNext(bytes("data: {\"jsonrpc\":\"2.0\",\"id\":6,\"result\":{}}\r\rdata: {\"jsonrpc\":\"2.0\",\"id\":7,"));
        assertThat(reader.reply()).isNotDone();
        reader.onNext(bytes("\ndata: \"result\":{\"text\":\"caf\u00e9\"}}\r"));
        assertThat(reader.reply()).isNotDone();
        reader.onNext(bytes("\n\ndata: {\"ignored\":true}\n\n"));
        assertThat(reader.reply().get().at("/result/text").asText()).isEqualTo("caf\u00e9");
        assertThat(cancelled).as("the rest of the stream is read, so its connection can be reused").isFalse();
        assertThat(others).containsExactly("notifications/progress");
        await().atMost(Duration.ofMillis(ReplyReader.LINGER_MILLIS + 2_000)).untilTrue(cancelled);
    }

    @Test
    void aStreamThatEndsBeforeTheResponseAfterAnIdCanBeResumedWithItsRetryDelay() {
        ReplyReader first = subscribed(new ReplyReader(true, 3, 1024, m -> { }), new AtomicBoolean());
        first.onNext(bytes("id: event-1\nretry: 500\ndata: \n\n"));
        first.onComplete();
        assertThat(first.reply()).isCompletedExceptionally();
        assertThat(first.resumable()).isTrue();
        assertThat(first.lastEventId()).isEqualTo("event-1");
        assertThat(first.retryMillis(1_000)).isEqualTo(500);

        ReplyReader next = subscribed(new ReplyReader(true, 3, 1024, m -> { }), new AtomicBoolean()).after(first);
        assertThat(next.lastEventId()).as("until the resumed stream names its own").isEqualTo("event-1");
        next.onNext(bytes("retry: soon\nid:event-2\n\n"));
        assertThat(next.lastEventId()).isEqualTo("event-2");
        assertThat(next.retryMillis(1_000)).as("a retry that is not a number is ignored").isEqualTo(500);

        ReplyReader withoutId = subscribed(new ReplyReader(true, 3, 1024, m -> { }), new AtomicBoolean());
        withoutId.onNext(bytes("data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\n\n"));
        withoutId.onComplete();
        assertThat(withoutId.resumable()).as("nothing to resume from").isFalse();
    }

    @Test
    void abortFailsTheWaitAndClosesTheBody() {
        AtomicBoolean cancelled = new AtomicBoolean();
        ReplyReader reader = subscribed(new ReplyReader(true, 1, 1024, m -> { }), cancelled);
        reader.abort(new java.util.concurrent.CancellationException("cancelled by the caller"));
        assertThatThrownBy(() -> reader.reply().get()).isInstanceOf(java.util.concurrent.CancellationException.class);
        assertThat(cancelled).isTrue();
    }

    @Test
    void eventStreamEndingWithoutTheResponseFails() {
        ReplyReader reader = subscribed(new ReplyReader(true, 1, 1024, m -> { }), new AtomicBoolean());
        reader.onNext(bytes("data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\"}\n\n"));
        reader.onComplete();
        assertThatThrownBy(() -> reader.reply().get()).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("event stream ended without a response");
    }

    @Test
    void jsonBodyIsParsedWhenComplete() throws Exception {
        ReplyReader reader = subscribed(new ReplyReader(false, 1, 1024, m -> { }), new AtomicBoolean());
        reader.onNext(bytes("{\"jsonrpc\":\"2.0\",\"id\":1,"));
        reader.onNext(bytes("\"result\":{\"ok\":true}}"));
        assertThat(reader.reply()).isNotDone();
        reader.onComplete();
        assertThat(reader.reply().get().at("/result/ok").asBoolean()).isTrue();
    }

    @Test
    void bodiesAndEventsLargerThanTheLimitFailAndCancel() {
        String big = "x".repeat(600);
        AtomicBoolean cancelled = new AtomicBoolean();
        ReplyReader json = subscribed(new ReplyReader(false, 1, 1024, m -> { }), cancelled);
        json.onNext(bytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"a\":\"" + big));
        assertThat(json.reply()).isNotDone();
        json.onNext(bytes(big + "\"}}"));
        assertThatThrownBy(() -> json.reply().get()).hasMessageContaining("response exceeds 1024 bytes");
        assertThat(cancelled).isTrue();

        ReplyReader stream = subscribed(new ReplyReader(true, 1, 1024, m -> { }), new AtomicBoolean());
        stream.onNext(bytes("data: {\"a\":\"" + big + "\",\n"));
        stream.onNext(bytes("data: \"b\":\"" + big + "\"}\n\n"));
        assertThatThrownBy(() -> stream.reply().get()).hasMessageContaining("an event exceeds 1024 bytes");
    }
}
