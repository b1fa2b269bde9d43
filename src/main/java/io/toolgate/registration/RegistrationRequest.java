package io.toolgate.registration;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;
import io.toolgate.registry.DomainState;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /registry/servers}, validated in this order: JSON object, no key that would start a process
 * ({@code command}, {@code args}, {@code env}, {@code cwd}) and no transport but Streamable HTTP, {@code domain} and
 * {@code url} present and strings, {@code discovery_url} a string, {@code headers} an object of strings; plus a valid
 * domain name and a string {@code description}. Every failure is a 400 {@code bad_request}.
 *
 * @param headers null when the body had no {@code headers} (discovery then uses the global registry token)
 */
public record RegistrationRequest(String domain, String url, String discoveryUrl, Map<String, String> headers,
                                  String description) {

    /** Keys that would make the gateway start a process: only its operator may, in the configuration. */
    private static final List<String> PROCESS_KEYS = List.of("command", "args", "env", "cwd");

    public static RegistrationRequest parse(String text) throws RegistrationException {
        JsonNode body = object(text);
        for (String key : PROCESS_KEYS) {
            if (body.has(key)) {
                throw badRequest("'" + key + "' is refused: a registration cannot start a process on the gateway's host;"
                        + " stdio upstreams come only from the gateway's configuration");
            }
        }
        JsonNode transport = body.get("transport");
        if (transport != null && !transport.isNull() && !"streamable-http".equals(transport.asText())) {
            throw badRequest("'transport' must be streamable-http: stdio and sse upstreams come only from the gateway's"
                    + " configuration");
        }
        JsonNode domain = body.get("domain");
        JsonNode url = body.get("url");
        if (falsy(domain) || falsy(url)) {
            throw badRequest("'domain' and 'url' are required");
        }
        if (!domain.isTextual() || !url.isTextual()) {
            throw badRequest("'domain' and 'url' must be strings");
        }
        if (!DomainState.isValidName(domain.textValue())) {
            throw badRequest("'domain' must be " + DomainState.NAME_RULE);
        }
        JsonNode discovery = body.get("discovery_url");
        if (discovery != null && !discovery.isNull() && !discovery.isTextual()) {
            throw badRequest("'discovery_url' must be a string");
        }
        Map<String, String> headers = null;
        JsonNode h = body.get("headers");
        if (h != null && !h.isNull()) {
            if (!h.isObject()) {
                throw badRequest("'headers' must be an object of string:string pairs");
            }
            headers = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual()) {
                    throw badRequest("'headers' must be an object of string:string pairs");
                }
                headers.put(e.getKey(), e.getValue().textValue());
            }
        }
        JsonNode description = body.get("description");
        if (description != null && !description.isNull() && !description.isTextual()) {
            throw badRequest("'description' must be a string");
        }
        return new RegistrationRequest(domain.textValue(), url.textValue(),
                discovery == null || discovery.isNull() || discovery.textValue().isEmpty() ? null : discovery.textValue(),
                headers, description == null || description.isNull() || description.textValue().isBlank() ? null
                        : description.textValue());
    }

    /** The body as a JSON object; 400 {@code Invalid JSON body} otherwise. */
    public static JsonNode object(String text) throws RegistrationException {
        JsonNode body;
        try {
            body = Json.parse(text == null ? "" : text);
        } catch (IllegalArgumentException e) {
            throw badRequest("Invalid JSON body");
        }
        if (body == null || !body.isObject()) {
            throw badRequest("Invalid JSON body: expected an object");
        }
        return body;
    }

    private static boolean falsy(JsonNode n) {
        return n == null || n.isNull() || n.isTextual() && n.textValue().isEmpty() || n.isBoolean() && !n.booleanValue()
                || n.isNumber() && n.asDouble() == 0 || n.isContainerNode() && n.isEmpty();
    }

    static RegistrationException badRequest(String message) {
        return new RegistrationException(400, "bad_request", message);
    }
}
