package io.toolgate.upstream;

import java.util.List;
import java.util.Map;

/**
 * One domain's upstream, from the configuration or from a registration.
 *
 * @param domain           the domain name
 * @param url              the upstream MCP endpoint (Streamable HTTP, or the legacy SSE stream), or null for a stdio
 *                         upstream and a domain bound to a Camel endpoint
 * @param endpointUri      the Camel endpoint the domain's calls go to
 * @param headers          static headers sent on every tool execution
 * @param forwardHeaders   names of caller request headers passed through to this upstream on execution
 * @param discoveryUrl     where {@code tools/list} goes, or null for {@code url}
 * @param discoveryHeaders the headers of {@code tools/list}, or null for the global registry token
 * @param registered       true when it came from {@code POST /registry/servers}: its addresses are checked by the URL
 *                         guard on every connection
 * @param transport        how the gateway speaks MCP to it, or null for a domain bound to a Camel endpoint
 * @param command          the process a stdio upstream runs, else null
 */
public record UpstreamSpec(String domain, String url, String endpointUri, Map<String, String> headers,
                           List<String> forwardHeaders, String discoveryUrl, Map<String, String> discoveryHeaders,
                           boolean registered, Transport transport, StdioCommand command) {

    /** The MCP transports the gateway speaks to upstreams. */
    public enum Transport {
        /** MCP's Streamable HTTP (and the stateless 2026-07-28 era over it). */
        STREAMABLE_HTTP,
        /** The 2024-11-05 HTTP+SSE transport: a GET event stream names the URL messages are POSTed to. */
        SSE,
        /** A child process of the gateway, one JSON-RPC message per line on its stdin and stdout. */
        STDIO
    }

    /** An upstream named in the configuration: Streamable HTTP at {@code url}, or a Camel endpoint when it is null. */
    public static UpstreamSpec configured(String domain, String url, String endpointUri, Map<String, String> headers,
                                          List<String> forwardHeaders) {
        return new UpstreamSpec(domain, url, endpointUri, headers, forwardHeaders, null, null, false,
                url == null ? null : Transport.STREAMABLE_HTTP, null);
    }

    /** A configured legacy HTTP+SSE upstream whose event stream is at {@code url}. */
    public static UpstreamSpec sse(String domain, String url, Map<String, String> headers) {
        return new UpstreamSpec(domain, url, endpointFor(domain), headers, List.of(), null, headers, false,
                Transport.SSE, null);
    }

    /** A configured stdio upstream: the gateway runs {@code command} and speaks MCP over its stdin and stdout. */
    public static UpstreamSpec stdio(String domain, StdioCommand command) {
        return new UpstreamSpec(domain, null, endpointFor(domain), Map.of(), List.of(), null, Map.of(), false,
                Transport.STDIO, command);
    }

    /** True when the domain's calls go to an MCP upstream rather than a Camel endpoint of the user's. */
    public boolean mcp() {
        return transport != null;
    }

    /** The endpoint of every MCP-bound domain. */
    public static String endpointFor(String domain) {
        return "mcp-upstream:" + domain;
    }
}
