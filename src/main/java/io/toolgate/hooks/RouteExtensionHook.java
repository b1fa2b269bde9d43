package io.toolgate.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import io.toolgate.exchange.McpHeaders;
import io.toolgate.registry.AccessPolicy;
import io.toolgate.registry.ToolEntry;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.support.EndpointHelper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The hook lifecycle open to YAML: a user route consuming one of the fixed {@code direct:hook-*} extension points is
 * called at that point, on an exchange of its own (the gateway's exchange is never handed out). What each point
 * receives and may answer is documented in the README ("Hooks as YAML routes").
 */
public final class RouteExtensionHook implements GatewayHook {

    public static final String AUTHENTICATE = "direct:hook-authenticate";
    public static final String BEFORE_EXECUTE = "direct:hook-before-execute";
    public static final String AFTER_EXECUTE = "direct:hook-after-execute";
    public static final String ON_ERROR = "direct:hook-on-error";
    public static final String AFTER_LIST_TOOLS = "direct:hook-after-list-tools";
    public static final String AUTHORIZE_CODE = "direct:hook-authorize-code";
    static final List<String> POINTS = List.of(AUTHENTICATE, BEFORE_EXECUTE, AFTER_EXECUTE, ON_ERROR, AFTER_LIST_TOOLS,
            AUTHORIZE_CODE);

    /** Exposed tool name, domain and the upstream's own name of the tool being executed. */
    public static final String TOOL_NAME = "ToolgateToolName";
    public static final String DOMAIN = "ToolgateDomain";
    public static final String ORIGINAL_NAME = "ToolgateOriginalName";
    /** The authenticated user's subject and space-separated scopes; set by a hook-authenticate route to log a user in. */
    public static final String USER_SUBJECT = "ToolgateUserSubject";
    public static final String USER_SCOPES = "ToolgateUserScopes";
    /** Set by a route to refuse the call: the message, and optionally the code (default {@code forbidden}). */
    public static final String DENIED = "ToolgateDenied";
    public static final String DENIED_CODE = "ToolgateDeniedCode";
    /** Headers named with this prefix, set by a hook-before-execute route, are added to the upstream request. */
    public static final String UPSTREAM_HEADER_PREFIX = "ToolgateUpstreamHeader.";
    /** Set by a hook-after-list-tools route: comma-separated globs of tool names to hide from this caller. */
    public static final String HIDDEN_TOOLS = "ToolgateHiddenTools";
    /** For hook-on-error: a short description of the failure. */
    public static final String ERROR = "ToolgateError";

    private final ProducerTemplate template;
    private final Map<String, Endpoint> points;

    private RouteExtensionHook(ProducerTemplate template, Map<String, Endpoint> points) {
        this.template = template;
        this.points = points;
    }

    /** The extension points some route of this context consumes, or {@code null} when there is none. */
    public static RouteExtensionHook find(CamelContext context) {
        Map<String, Endpoint> points = new LinkedHashMap<>();
        for (String point : POINTS) {
            for (Route r : context.getRoutes()) {
                if (EndpointHelper.matchEndpoint(context, r.getEndpoint().getEndpointUri(), point)) {
                    points.put(point, r.getEndpoint());
                }
            }
        }
        return points.isEmpty() ? null : new RouteExtensionHook(context.createProducerTemplate(), points);
    }

    /** The extension points in use, for the startup log. */
    public Set<String> points() {
        return points.keySet();
    }

    @Override
    public GatewayUser onAuthenticate(Map<String, String> headers) {
        Exchange ex = call(AUTHENTICATE, in -> in.setHeader(McpHeaders.REQUEST_HEADERS, headers), null);
        if (ex == null) {
            return null;
        }
        String subject = ex.getMessage().getHeader(USER_SUBJECT, String.class);
        if (subject == null || subject.isBlank()) {
            return null;
        }
        String scopes = ex.getMessage().getHeader(USER_SCOPES, "", String.class);
        return new GatewayUser(subject.strip(), new HashSet<>(words(scopes)), Map.of());
    }

    @Override
    public void beforeExecute(ExecutionContext context) {
        Exchange ex = call(BEFORE_EXECUTE, in -> in.setBody(Json.MAPPER.convertValue(context.arguments(), Map.class)),
                context);
        if (ex == null) {
            return;
        }
        Message out = ex.getMessage();
        context.setArguments(object(out.getBody(), "arguments"));
        out.getHeaders().forEach((name, value) -> {
            if (name.regionMatches(true, 0, UPSTREAM_HEADER_PREFIX, 0, UPSTREAM_HEADER_PREFIX.length())
                    && name.length() > UPSTREAM_HEADER_PREFIX.length() && value != null) {
                context.extraHeaders().put(name.substring(UPSTREAM_HEADER_PREFIX.length()), value.toString());
            }
        });
    }

    @Override
    public ObjectNode afterExecute(ExecutionContext context, ObjectNode result) {
        Exchange ex = call(AFTER_EXECUTE, in -> in.setBody(Json.write(result)), context);
        return ex == null ? result : object(ex.getMessage().getBody(), "result");
    }

    @Override
    public void onError(ExecutionContext context, Exception error) {
        call(ON_ERROR, in -> in.setHeader(ERROR, error.getMessage()), context);
    }

    /** The route refuses by setting {@link #DENIED} (and {@link #DENIED_CODE}); otherwise the caller may. */
    @Override
    public boolean authorizeCodeMode(GatewayUser user, Map<String, String> headers) {
        call(AUTHORIZE_CODE, in -> {
            in.setHeader(McpHeaders.REQUEST_HEADERS, headers);
            setUser(in, user);
        }, null);
        return true;
    }

    @Override
    public List<ToolEntry> afterListTools(List<ToolEntry> tools, ListToolsContext context) {
        List<Map<String, Object>> listing = new ArrayList<>(tools.size());
        for (ToolEntry t : tools) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", t.name());
            item.put("domain", t.domain());
            item.put("group", t.group());
            item.put("description", t.description());
            listing.add(item);
        }
        Exchange ex = call(AFTER_LIST_TOOLS, in -> {
            in.setHeader(McpHeaders.REQUEST_HEADERS, context.headers());
            setUser(in, context.user());
            if (context.domain() != null) {
                in.setHeader(DOMAIN, context.domain());
            }
            in.setBody(listing);
        }, null);
        if (ex == null) {
            return tools;
        }
        Set<String> kept = names(ex.getMessage().getBody());
        List<Pattern> hidden = words(ex.getMessage().getHeader(HIDDEN_TOOLS, "", String.class)).stream()
                .map(AccessPolicy::glob).toList();
        return tools.stream()
                .filter(t -> kept == null || kept.contains(t.name()))
                .filter(t -> hidden.stream().noneMatch(p -> p.matcher(t.name()).matches()))
                .toList();
    }

    /** Calls the route at {@code point}, if there is one; returns its exchange after a denial or failure was raised. */
    private Exchange call(String point, Consumer<Message> prepare, ExecutionContext context) {
        Endpoint endpoint = points.get(point);
        if (endpoint == null) {
            return null;
        }
        Exchange ex = template.send(endpoint, exchange -> {
            Message in = exchange.getIn();
            if (context != null) {
                in.setHeader(TOOL_NAME, context.tool().name());
                in.setHeader(DOMAIN, context.tool().domain());
                in.setHeader(ORIGINAL_NAME, context.tool().originalName());
                in.setHeader(McpHeaders.REQUEST_HEADERS, context.headers());
                setUser(in, context.user());
            }
            prepare.accept(in);
        });
        Exception failure = ex.getException();
        if (failure instanceof ExecutionDenied denied) {
            throw denied;
        }
        if (failure != null) {
            throw new IllegalStateException("route at " + point + " failed: " + failure.getMessage(), failure);
        }
        String denied = ex.getMessage().getHeader(DENIED, String.class);
        if (denied != null && !denied.isBlank()) {
            throw new ExecutionDenied(denied, ex.getMessage().getHeader(DENIED_CODE, String.class));
        }
        return ex;
    }

    private static void setUser(Message in, GatewayUser user) {
        if (user != null) {
            in.setHeader(USER_SUBJECT, user.subject());
            in.setHeader(USER_SCOPES, String.join(" ", user.scopes().stream().sorted().toList()));
        }
    }

    /** A route's answer as a JSON object: a Map, a JsonNode or JSON text. */
    private static ObjectNode object(Object body, String what) {
        JsonNode node = body instanceof String s ? Json.parse(s) : Json.MAPPER.valueToTree(body);
        if (node == null || !node.isObject()) {
            throw new IllegalStateException("the route's body is not a JSON object of " + what);
        }
        return (ObjectNode) node;
    }

    /** Tool names of a route's answer to hook-after-list-tools, or {@code null} when it is not a list. */
    private static Set<String> names(Object body) {
        if (!(body instanceof List<?> list)) {
            return null;
        }
        Set<String> names = new HashSet<>();
        for (Object o : list) {
            if (o instanceof Map<?, ?> m && m.get("name") != null) {
                names.add(m.get("name").toString());
            } else if (o instanceof String s) {
                names.add(s);
            }
        }
        return names;
    }

    private static List<String> words(String s) {
        return Arrays.stream(s.split("[,\\s]+")).filter(w -> !w.isEmpty()).toList();
    }
}
