package io.toolgate.config;

import io.toolgate.upstream.StdioCommand;
import io.toolgate.upstream.UpstreamSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Stdio and legacy SSE entries of {@code GATEWAY_UPSTREAMS}. */
class StdioUpstreamConfigTest {

    private static List<UpstreamSpec> specs(String upstreams, Map<String, String> more) {
        Map<String, String> values = new java.util.HashMap<>(more);
        values.put("gateway.upstreams", upstreams);
        return GatewayConfig.load(values::get).upstreams().specs();
    }

    @Test
    void aStdioEntryInTheDesktopClientShapeIsAStdioUpstream(@TempDir Path cwd) {
        List<UpstreamSpec> specs = specs("""
                {"memory":{"command":"npx","args":["-y","@modelcontextprotocol/server-memory"],
                           "env":{"MEMORY_FILE_PATH":"/data/memory.jsonl"},"cwd":"%s","denied_tools":["delete_*"]}}"""
                .formatted(cwd), Map.of("gateway.forward-headers", "x-request-id", "gateway.registry-auth-token", "t"));
        UpstreamSpec memory = specs.get(0);
        assertThat(memory.transport()).isEqualTo(UpstreamSpec.Transport.STDIO);
        assertThat(memory.command()).isEqualTo(new StdioCommand("npx", List.of("-y", "@modelcontextprotocol/server-memory"),
                Map.of("MEMORY_FILE_PATH", "/data/memory.jsonl"), cwd));
        assertThat(memory.url()).isNull();
        assertThat(memory.endpointUri()).isEqualTo("mcp-upstream:memory");
        assertThat(memory.headers()).isEmpty();
        assertThat(memory.forwardHeaders()).as("a process has no HTTP headers to forward").isEmpty();
        assertThat(memory.mcp()).isTrue();
        assertThat(memory.command().toString()).isEqualTo("npx -y @modelcontextprotocol/server-memory");
    }

    @Test
    void aLegacySseEntryKeepsItsStaticHeaders() {
        UpstreamSpec old = specs("{\"old\":{\"url\":\"http://127.0.0.1:8000/sse\",\"transport\":\"sse\",\"headers\":{\"X-Key\":\"k\"}}}",
                Map.of("gateway.upstream-headers", "{\"old\":{\"Authorization\":\"Bearer s\"}}")).get(0);
        assertThat(old.transport()).isEqualTo(UpstreamSpec.Transport.SSE);
        assertThat(old.url()).isEqualTo("http://127.0.0.1:8000/sse");
        assertThat(old.headers()).containsOnly(Map.entry("X-Key", "k"), Map.entry("Authorization", "Bearer s"));
        assertThat(specs("{\"new\":{\"url\":\"http://127.0.0.1:8000/mcp\",\"transport\":\"streamable-http\"}}", Map.of())
                .get(0).transport()).isEqualTo(UpstreamSpec.Transport.STREAMABLE_HTTP);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"m\":{\"command\":\"\"}} | Invalid GATEWAY_UPSTREAMS: 'command' of 'm' must be a non-empty string",
            "{\"m\":{\"command\":\"x\",\"args\":\"-y\"}} | Invalid GATEWAY_UPSTREAMS: 'args' of 'm' must be a list of strings",
            "{\"m\":{\"command\":\"x\",\"env\":{\"A\":1}}} | Invalid GATEWAY_UPSTREAMS: 'env' of 'm': 'A' needs a variable name and a string value",
            "{\"m\":{\"command\":\"x\",\"env\":{\"A-B\":\"1\"}}} | Invalid GATEWAY_UPSTREAMS: 'env' of 'm': 'A-B' needs a variable name",
            "{\"m\":{\"command\":\"x\",\"cwd\":\"/nonexistent/dir\"}} | Invalid GATEWAY_UPSTREAMS: 'cwd' of 'm': /nonexistent/dir is not a directory",
            "{\"m\":{\"command\":\"x\",\"url\":\"http://h/mcp\"}} | Upstream 'm' object must contain exactly one of a non-empty 'url', an 'endpoint' or a 'command'",
            "{\"m\":{\"command\":\"x\",\"headers\":{\"A\":\"b\"}}} | Invalid GATEWAY_UPSTREAMS: stdio upstream 'm' has no HTTP headers; pass what it needs in 'env'",
            "{\"m\":{\"command\":\"x\",\"transport\":\"sse\"}} | Invalid GATEWAY_UPSTREAMS: upstream 'm' with transport 'sse' needs a 'url', not a 'command'",
            "{\"m\":{\"url\":\"http://h/sse\",\"transport\":\"stdio\"}} | Invalid GATEWAY_UPSTREAMS: upstream 'm' with transport 'stdio' needs a 'command'",
            "{\"m\":{\"url\":\"http://h/sse\",\"transport\":\"websocket\"}} | Invalid GATEWAY_UPSTREAMS: 'transport' of 'm' must be one of streamable-http, sse, stdio",
            "{\"m\":{\"url\":\"http://h/mcp\",\"args\":[]}} | Invalid GATEWAY_UPSTREAMS: 'args' of 'm' applies to a stdio upstream",
            "{\"m\":{\"url\":\"http://h/sse\",\"transport\":\"sse\",\"forward_headers\":[\"x-a\"]}} | Invalid GATEWAY_UPSTREAMS: sse upstream 'm' shares one connection among all callers",
            "{\"m\":{\"url\":\"ftp://h/sse\",\"transport\":\"sse\"}} | Invalid GATEWAY_UPSTREAMS: url of 'm' must be an http(s) URL with a host",
            "{\"m\":{\"endpoint\":\"direct:x\",\"transport\":\"sse\"}} | Invalid GATEWAY_UPSTREAMS: upstream 'm' bound to an 'endpoint' has no 'transport'"})
    void invalidEntriesSayWhatIsWrong(String upstreams, String message) {
        assertThatThrownBy(() -> specs(upstreams, Map.of())).hasMessageStartingWith(message);
    }

    @Test
    void aStdioUpstreamCannotGetStaticHttpHeaders() {
        assertThatThrownBy(() -> specs("{\"m\":{\"command\":\"x\"}}",
                Map.of("gateway.upstream-headers", "{\"m\":{\"Authorization\":\"Bearer s\"}}")))
                .hasMessage("Invalid GATEWAY_UPSTREAMS: stdio upstream 'm' has no HTTP headers; pass what it needs in 'env'");
    }
}
