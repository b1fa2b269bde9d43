package io.toolgate.config;

import java.util.List;
import java.util.Map;

/**
 * One configured domain.
 *
 * @param domain         the domain name
 * @param url            the upstream MCP endpoint (Streamable HTTP), or null when bound to a Camel endpoint
 * @param endpointUri    the Camel endpoint the domain's calls go to
 * @param headers        static headers sent on every tool execution (never on discovery)
 * @param forwardHeaders names of caller request headers passed through to this upstream on execution
 */
public record UpstreamSpec(String domain, String url, String endpointUri, Map<String, String> headers,
                           List<String> forwardHeaders) {
}
