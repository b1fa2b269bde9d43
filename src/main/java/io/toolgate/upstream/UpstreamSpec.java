package io.toolgate.upstream;

import java.util.List;
import java.util.Map;

/**
 * One domain's upstream, from the configuration or from a registration.
 *
 * @param domain           the domain name
 * @param url              the upstream MCP endpoint (Streamable HTTP), or null when bound to a Camel endpoint
 * @param endpointUri      the Camel endpoint the domain's calls go to
 * @param headers          static headers sent on every tool execution
 * @param forwardHeaders   names of caller request headers passed through to this upstream on execution
 * @param discoveryUrl     where {@code tools/list} goes, or null for {@code url}
 * @param discoveryHeaders the headers of {@code tools/list}, or null for the global registry token
 * @param registered       true when it came from {@code POST /registry/servers}: its addresses are checked by the URL
 *                         guard on every connection
 */
public record UpstreamSpec(String domain, String url, String endpointUri, Map<String, String> headers,
                           List<String> forwardHeaders, String discoveryUrl, Map<String, String> discoveryHeaders,
                           boolean registered) {

    /** An upstream named in the configuration. */
    public static UpstreamSpec configured(String domain, String url, String endpointUri, Map<String, String> headers,
                                          List<String> forwardHeaders) {
        return new UpstreamSpec(domain, url, endpointUri, headers, forwardHeaders, null, null, false);
    }

    /** The endpoint of every URL-bound domain. */
    public static String endpointFor(String domain) {
        return "mcp-upstream:" + domain;
    }
}
