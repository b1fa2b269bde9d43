package io.toolgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.error.McpProtocolException;
import io.toolgate.json.Json;
import io.toolgate.testing.MovingClock;
import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The session cap and the idle expiry: at the cap the least recently used idle session makes room; a session with an
 * open event stream or a request in flight is busy and stays; idle time counts from the end of the last use.
 */
class ClientSessionsTest {

    private static final long IDLE = 60_000;

    private final MovingClock clock = new MovingClock();

    private ClientSessions sessions(int max) {
        return new ClientSessions(max, IDLE, clock);
    }

    private ClientSession open(ClientSessions sessions) {
        ClientSession s = sessions.create("2025-11-25", Json.object(), null);
        clock.advance(1_000);
        return s;
    }

    private static ClientChannel request(ClientSession session) {
        return new ClientChannel(session, Json.MAPPER.getNodeFactory().numberNode(1), null, 1_000);
    }

    @Test
    void atTheCapANewSessionEndsTheLeastRecentlyUsedIdleOne() {
        ClientSessions sessions = sessions(3);
        ClientSession first = open(sessions);
        ClientSession second = open(sessions);
        ClientSession third = open(sessions);
        sessions.find(first.id());

        ClientSession fourth = open(sessions);

        assertThat(sessions.size()).isEqualTo(3);
        assertThat(sessions.find(second.id())).isNull();
        assertThat(sessions.find(first.id())).isSameAs(first);
        assertThat(sessions.find(third.id())).isSameAs(third);
        assertThat(sessions.find(fourth.id())).isSameAs(fourth);
    }

    @Test
    void sessionsOpenedInTheSameMillisecondMakeRoomInTheOrderTheyWereUsed() {
        ClientSessions sessions = sessions(2);
        ClientSession first = sessions.create("2025-11-25", Json.object(), null);
        ClientSession second = sessions.create("2025-11-25", Json.object(), null);
        sessions.find(first.id());

        sessions.create("2025-11-25", Json.object(), null);

        assertThat(sessions.find(second.id())).isNull();
        assertThat(sessions.find(first.id())).isSameAs(first);
    }

    @Test
    void aSessionWithAnOpenEventStreamIsNotEndedToMakeRoom() {
        ClientSessions sessions = sessions(2);
        ClientSession streaming = open(sessions);
        streaming.attach(m -> { });
        ClientSession idle = open(sessions);

        open(sessions);

        assertThat(sessions.find(idle.id())).isNull();
        assertThat(sessions.find(streaming.id())).isSameAs(streaming);
    }

    @Test
    void aSessionWithARequestInFlightIsNotEndedToMakeRoom() {
        ClientSessions sessions = sessions(2);
        ClientSession working = open(sessions);
        request(working);
        ClientSession idle = open(sessions);

        open(sessions);

        assertThat(sessions.find(idle.id())).isNull();
        assertThat(sessions.find(working.id())).isSameAs(working);
    }

    @Test
    void whenEverySessionIsBusyANewOneIsRefused() {
        ClientSessions sessions = sessions(2);
        open(sessions).attach(m -> { });
        request(open(sessions));

        assertThatThrownBy(() -> sessions.create("2025-11-25", Json.object(), null))
                .isInstanceOfSatisfying(McpProtocolException.class, e -> {
                    assertThat(e.rpcCode()).isEqualTo(McpProtocolException.SERVER_BUSY);
                    assertThat(e.getMessage()).isEqualTo("Server busy: all 2 sessions are in use; try again later");
                });
        assertThat(sessions.size()).isEqualTo(2);
    }

    @Test
    void aSessionIdleLongerThanTheTimeoutIsGone() {
        ClientSessions sessions = sessions(10);
        ClientSession s = sessions.create("2025-11-25", Json.object(), null);

        clock.advance(IDLE);
        assertThat(sessions.find(s.id())).isSameAs(s);
        clock.advance(IDLE + 1);
        assertThat(sessions.find(s.id())).isNull();
    }

    @Test
    void expiredSessionsAreDroppedWhenASessionIsOpened() {
        ClientSessions sessions = sessions(10);
        open(sessions);
        open(sessions);
        clock.advance(IDLE + 1);

        open(sessions);

        assertThat(sessions.size()).isEqualTo(1);
    }

    @Test
    void idleTimeCountsFromTheEndOfTheLastRequest() {
        ClientSessions sessions = sessions(10);
        ClientSession s = open(sessions);
        ClientChannel longCall = request(s);
        clock.advance(2 * IDLE);
        open(sessions);
        assertThat(sessions.size()).isEqualTo(2);

        longCall.close();
        clock.advance(IDLE / 2);
        open(sessions);

        assertThat(sessions.size()).isEqualTo(3);
        clock.advance(IDLE);
        assertThat(sessions.find(s.id())).isNull();
    }

    @Test
    void idleTimeCountsFromTheEndOfTheEventStream() {
        ClientSessions sessions = sessions(10);
        ClientSession s = open(sessions);
        Consumer<JsonNode> stream = m -> { };
        s.attach(stream);
        clock.advance(2 * IDLE);
        open(sessions);
        assertThat(sessions.size()).isEqualTo(2);

        s.detach(stream);
        clock.advance(IDLE / 2);
        open(sessions);

        assertThat(sessions.size()).isEqualTo(3);
        clock.advance(IDLE);
        assertThat(sessions.find(s.id())).isNull();
    }
}
