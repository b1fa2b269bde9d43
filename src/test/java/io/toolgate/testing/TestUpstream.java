package io.toolgate.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

import java.io.File;
import java.nio.file.Files;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A real MCP server for tests, built with the MCP Java SDK (Streamable HTTP servlet on embedded Tomcat, loopback only).
 * It records every HTTP request's headers and every tool call it serves.
 */
public final class TestUpstream implements AutoCloseable {

    private static final JacksonMcpJsonMapper MAPPER = new JacksonMcpJsonMapper(new ObjectMapper());

    /** One tools/call as the upstream received it ({@code meta}: the request's {@code _meta}, empty when none). */
    public record Call(String tool, Map<String, Object> arguments, Map<String, String> headers,
                       Map<String, Object> meta) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    private int port;
    private Tomcat tomcat;
    private McpSyncServer server;
    private final List<ToolDef> tools = new CopyOnWriteArrayList<>();
    private final Set<String> issued = ConcurrentHashMap.newKeySet();
    private final Set<String> forgotten = ConcurrentHashMap.newKeySet();

    private TestUpstream(int port) {
        this.port = port;
    }

    /** Starts an upstream on a free loopback port serving the given tools. */
    public static TestUpstream start(List<ToolDef> tools) throws Exception {
        return startOn(0, tools);
    }

    public static TestUpstream startOn(int port, List<ToolDef> tools) throws Exception {
        TestUpstream u = new TestUpstream(port);
        u.tools.addAll(tools);
        u.startServer();
        return u;
    }

    /**
     * An upstream that declares {@code tools.listChanged} and sends {@code notifications/tools/list_changed} when
     * {@link #addTool} changes its tools (the others change silently, so only a refresh notices).
     */
    public static TestUpstream startAnnouncingChanges(List<ToolDef> tools) throws Exception {
        TestUpstream u = new TestUpstream(0);
        u.announcesChanges = true;
        u.tools.addAll(tools);
        u.startServer();
        return u;
    }

    /**
     * A tool: name, description, input schema (JSON text) and handler from the call's exchange (to ask the client
     * while the tool runs) and arguments to result.
     */
    public record ToolDef(String name, String description, String schema,
                          BiFunction<McpSyncServerExchange, Map<String, Object>, McpSchema.CallToolResult> handler) {

        public ToolDef(String name, String description, String schema,
                       Function<Map<String, Object>, McpSchema.CallToolResult> handler) {
            this(name, description, schema, (exchange, args) -> handler.apply(args));
        }

        public static ToolDef text(String name, String description, String schema,
                                   Function<Map<String, Object>, String> text) {
            return new ToolDef(name, description, schema, args -> McpSchema.CallToolResult.builder()
                    .addTextContent(text.apply(args)).isError(false).build());
        }
    }

    private McpServerFeatures.SyncToolSpecification spec(ToolDef def) {
        McpSchema.Tool tool = McpSchema.Tool.builder().name(def.name()).description(def.description())
                .inputSchema(MAPPER, def.schema()).build();
        return McpServerFeatures.SyncToolSpecification.builder().tool(tool)
                .callHandler((McpSyncServerExchange exchange, McpSchema.CallToolRequest req) -> {
                    @SuppressWarnings("unchecked")
                    Map<String, String> headers = (Map<String, String>) exchange.transportContext().get("headers");
                    Map<String, Object> args = req.arguments() == null ? Map.of() : req.arguments();
                    calls.add(new Call(req.name(), args, headers, req.meta() == null ? Map.of() : req.meta()));
                    return def.handler().apply(exchange, args);
                }).build();
    }

    private void startServer() throws Exception {
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(MAPPER)
                .mcpEndpoint("/mcp")
                .contextExtractor((HttpServletRequest r) -> McpTransportContext.create(Map.of("headers", headers(r))))
                .build();
        server = McpServer.sync(transport)
                .serverInfo("test-upstream", "1.0.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(announcesChanges).build())
                .tools(tools.stream().map(this::spec).toList())
                .build();
        tomcat = new Tomcat();
        File base = Files.createTempDirectory("tomcat").toFile();
        base.deleteOnExit();
        tomcat.setBaseDir(base.getAbsolutePath());
        tomcat.setPort(port);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context ctx = tomcat.addContext("", base.getAbsolutePath());
        Tomcat.addServlet(ctx, "mcp", transport).setAsyncSupported(true);
        ctx.addServletMappingDecoded("/*", "mcp");
        FilterDef recorder = new FilterDef();
        recorder.setFilterName("recorder");
        recorder.setFilter((Filter) (request, response, chain) -> {
            Map<String, String> recorded = headers((HttpServletRequest) request);
            recorded.put(":method", ((HttpServletRequest) request).getMethod());
            requests.add(recorded);
            String session = recorded.get("mcp-session-id");
            if (session != null && forgotten.contains(session)) {
                ((HttpServletResponse) response).sendError(404, "Session not found");
                return;
            }
            chain.doFilter(request, response);
            String assigned = ((HttpServletResponse) response).getHeader("Mcp-Session-Id");
            if (assigned != null) {
                issued.add(assigned);
            }
        });
        recorder.setAsyncSupported("true");
        ctx.addFilterDef(recorder);
        FilterMap map = new FilterMap();
        map.setFilterName("recorder");
        map.addURLPattern("/*");
        ctx.addFilterMap(map);
        tomcat.start();
        port = tomcat.getConnector().getLocalPort();
    }

    private static Map<String, String> headers(HttpServletRequest r) {
        Map<String, String> h = new HashMap<>();
        for (String name : Collections.list(r.getHeaderNames())) {
            h.put(name.toLowerCase(Locale.ROOT), String.join(", ", Collections.list(r.getHeaders(name))));
        }
        return h;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port() + "/mcp";
    }

    public List<Call> calls() {
        return calls;
    }

    /** Headers of every HTTP request received, in order, with the HTTP method under {@code :method}. */
    private boolean announcesChanges;

    public List<Map<String, String>> requests() {
        return requests;
    }

    /**
     * Forgets every session issued so far, as an upstream that restarted its session store would: a request presenting
     * one is answered 404, as for an unknown session. Requests already being served finish.
     */
    public void forgetSessions() {
        forgotten.addAll(issued);
    }

    public void addTool(ToolDef def) {
        tools.add(def);
        server.addTool(spec(def));
    }

    /** Stops serving; {@link #restart()} serves the same tools again on the same port. */
    public void stop() throws LifecycleException {
        server.close();
        tomcat.stop();
        tomcat.destroy();
    }

    public TestUpstream restart() throws Exception {
        TestUpstream again = new TestUpstream(port());
        again.tools.addAll(tools);
        again.startServer();
        return again;
    }

    @Override
    public void close() throws LifecycleException {
        if (tomcat.getServer().getState().isAvailable()) {
            stop();
        }
    }
}
