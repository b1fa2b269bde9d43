package io.toolgate.http;

import io.toolgate.GatewayWiring;
import io.toolgate.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayHttpServerTest {

    @Test
    void stoppingTheGatewayClosesTheVertxInstanceTheServerCreated() throws Exception {
        Vertx vertx;
        try (TestGateway gateway = TestGateway.start(Map.of())) {
            vertx = gateway.bean(GatewayWiring.HTTP_SERVER_BEAN, GatewayHttpServer.class).getVertx();
            assertThat(((VertxInternal) vertx).closeFuture().isClosed()).isFalse();
        }
        assertThat(((VertxInternal) vertx).closeFuture().isClosed()).as("its event-loop threads end with it").isTrue();
    }
}
