package io.toolgate.registration;

import java.util.Map;

/**
 * A domain registered through {@code POST /registry/servers}, as stored.
 *
 * @param domain       the domain name
 * @param url          the upstream MCP endpoint, as the registrant gave it
 * @param discoveryUrl where {@code tools/list} goes, or null for {@code url}
 * @param headers      headers sent to the upstream (execution and discovery), or null when none were given (discovery
 *                     then uses the global {@code GATEWAY_REGISTRY_AUTH_TOKEN})
 * @param description  the domain description, sanitized, or null
 * @param registeredAt when it was committed, in milliseconds since the epoch
 */
public record Registration(String domain, String url, String discoveryUrl, Map<String, String> headers,
                           String description, long registeredAt) {
}
