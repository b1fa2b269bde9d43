package io.toolgate.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.error.McpProtocolException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TasksTest {

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aTaskIsItsCreatorsAndReadableForItsTimeToLive() {
        MovingClock clock = new MovingClock();
        Tasks tasks = new Tasks(clock, 10);
        SuspendedRequest run = new SuspendedRequest("tools/call", "slow", "alice");
        AtomicBoolean cancelled = new AtomicBoolean();
        run.cancelWith(() -> cancelled.set(true));
        ObjectNode created = tasks.create(run, "alice");
        ObjectNode get = Json.object().put("taskId", created.path("taskId").asText());

        assertThat(tasks.handle("tasks/get", get, "alice").path("status").asText()).isEqualTo("working");
        assertThatThrownBy(() -> tasks.handle("tasks/get", get, "mallory")).isInstanceOf(McpProtocolException.class);

        Instant start = clock.now;
        clock.now = start.plusSeconds(1);
        run.complete(200, Json.parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[]}}"));
        clock.now = start.plus(Duration.ofMillis(Tasks.TTL_MILLIS));
        ObjectNode done = tasks.handle("tasks/get", get, "alice");
        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(done.path("lastUpdatedAt").asText()).isEqualTo(start.plusSeconds(1).toString());

        clock.now = clock.now.plusMillis(1);
        assertThatThrownBy(() -> tasks.handle("tasks/get", get, "alice"))
                .isInstanceOf(McpProtocolException.class).hasMessageContaining("unknown taskId");
        assertThat(tasks.hasRoom()).isTrue();
        assertThat(tasks.size()).as("expired tasks are dropped").isZero();
        assertThat(cancelled).as("a finished task has nothing to cancel").isFalse();
    }

    @Test
    void onlyToolsThatDeclareTaskSupportRunAsTasks() {
        assertThat(Tasks.support(Json.parse("{\"execution\":{\"taskSupport\":\"required\"}}"))).isEqualTo("required");
        assertThat(Tasks.support(Json.parse("{\"name\":\"t\"}"))).isEqualTo("forbidden");
        assertThat(Tasks.support(null)).isEqualTo("forbidden");
    }
}
