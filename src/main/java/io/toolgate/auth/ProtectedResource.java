package io.toolgate.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;

import java.net.URI;

/**
 * What the gateway tells clients about its bearer-token protection: the RFC 9728 protected-resource metadata
 * document and the {@code WWW-Authenticate} challenge that points to it. The resource is
 * {@code GATEWAY_JWT_RESOURCE_URL}, or {@code http://<host:port of the request>/mcp} when that is unset.
 */
public final class ProtectedResource {

    public static final String METADATA_PATH = "/.well-known/oauth-protected-resource";
    private final JwtSettings settings;
    private final String name;

    public ProtectedResource(JwtSettings settings, String name) {
        this.settings = settings;
        this.name = name;
    }

    /** The resource identifier (the URL of {@code /mcp}) for a request that arrived at this host:port. */
    public String resource(String host) {
        return settings.resourceUrl() != null ? settings.resourceUrl() : "http://" + (host == null ? "localhost" : host) + "/mcp";
    }

    /** Where the metadata of {@link #resource} is served: the well-known path inserted before the resource's path. */
    public String metadataUrl(String host) {
        URI r = URI.create(resource(host));
        String path = r.getRawPath() == null || r.getRawPath().equals("/") ? "" : r.getRawPath();
        return r.getScheme() + "://" + r.getRawAuthority() + METADATA_PATH + path;
    }

    public ObjectNode metadata(String host) {
        ObjectNode doc = Json.object();
        doc.put("resource", resource(host));
        doc.putArray("authorization_servers").add(settings.issuer());
        doc.putArray("bearer_methods_supported").add("header");
        if (!settings.requiredScopes().isEmpty()) {
            doc.set("scopes_supported", Json.array(settings.requiredScopes()));
        }
        doc.put("resource_name", name);
        return doc;
    }

    /** The {@code WWW-Authenticate} header value for a refused request (RFC 6750 §3, RFC 9728 §5.1). */
    public String challenge(String host, AuthenticationException e) {
        StringBuilder b = new StringBuilder("Bearer resource_metadata=\"").append(metadataUrl(host)).append('"');
        if (e.error() != null) {
            b.append(", error=\"").append(e.error()).append("\", error_description=\"")
                    .append(e.getMessage().replace("\"", "'")).append('"');
        }
        if ("insufficient_scope".equals(e.error())) {
            b.append(", scope=\"").append(String.join(" ", settings.requiredScopes())).append('"');
        }
        return b.toString();
    }
}
