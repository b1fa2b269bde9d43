package io.toolgate.testing;

import io.toolgate.GatewayWiring;
import io.toolgate.http.GatewayHttpServer;
import io.toolgate.mcp.ClientSessions;
import io.toolgate.registry.ToolRegistry;
import io.toolgate.upstream.UpstreamClients;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.test.AvailablePortFinder;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * The gateway running in-process on a free loopback port, configured with {@code gateway.*} properties. Search is
 * lexical unless {@code gateway.search} says otherwise: loading the embedding model in every test gateway would only
 * compete for the cores with the behaviour under test (search tests ask for {@code hybrid}).
 */
public final class TestGateway implements AutoCloseable {

    private final Main main;
    private final int port;

    private TestGateway(Main main, int port) {
        this.main = main;
        this.port = port;
    }

    public static TestGateway start(Map<String, String> properties) throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        Map<String, String> all = new LinkedHashMap<>();
        all.put("gateway.examples", "false");
        all.put("gateway.search", "lexical");
        all.putAll(properties);
        all.put("gateway.host", "127.0.0.1");
        all.put("gateway.port", String.valueOf(port));
        Main main = new Main();
        main.configure().addConfiguration(GatewayWiring.class);
        all.forEach(main::addOverrideProperty);
        main.start();
        TestGateway gw = new TestGateway(main, port);
        await().atMost(Duration.ofSeconds(60)).until(() -> gw.registry().isPopulated());
        return gw;
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    /** A bean the gateway bound, by name. */
    public <T> T bean(String name, Class<T> type) {
        return main.getCamelContext().getRegistry().lookupByNameAndType(name, type);
    }

    public ToolRegistry registry() {
        return main.getCamelContext().getRegistry().lookupByNameAndType("toolRegistry", ToolRegistry.class);
    }

    /** How many client sessions ({@code initialize}) the gateway holds. */
    public int sessionCount() {
        return main.getCamelContext().getRegistry().lookupByNameAndType("mcpSessions", ClientSessions.class).size();
    }

    /** True once the gateway holds the event stream of every MCP upstream. */
    public boolean listeningToUpstreams() {
        return main.getCamelContext().getRegistry().lookupByNameAndType("upstreamClients", UpstreamClients.class)
                .mcpUpstreams().stream().allMatch(u -> u.client().listening());
    }

    /** Requests whose head the HTTP server has read and whose response has not ended. */
    public int requestsInFlight() {
        return bean(GatewayWiring.HTTP_SERVER_BEAN, GatewayHttpServer.class).limits().requestsInFlight();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public String mcpUrl() {
        return baseUrl() + "/mcp";
    }

    @Override
    public void close() {
        main.stop();
    }
}
