package io.toolgate.config;

import io.toolgate.error.ConfigException;
import io.toolgate.registry.AccessPolicy;
import io.toolgate.upstream.StdioCommand;
import io.toolgate.upstream.UpstreamSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class DesktopConfigFileTest {

    @TempDir
    Path dir;

    private GatewayConfig load(String fileContent, String... more) throws IOException {
        Path file = Files.writeString(dir.resolve("mcp.json"), fileContent);
        Map<String, String> values = new HashMap<>(Map.of("gateway.upstreams-file", file.toString()));
        for (int i = 0; i < more.length; i += 2) {
            values.put(more[i], more[i + 1]);
        }
        return GatewayConfig.load(values::get);
    }

    private List<String> skipped(GatewayConfig c) {
        return c.upstreams().skipped().stream().map(UpstreamSettings.Skipped::message).toList();
    }

    @Test
    void claudeDesktopFileServesItsStdioAndUrlServers() throws IOException {
        GatewayConfig c = load("""
                {"globalShortcut": "Ctrl+Space",
                 "mcpServers": {
                   "memory": {"command": "cat", "args": ["-u"], "env": {"MEMORY_FILE_PATH": "/data/memory.jsonl"},
                              "cwd": "%s", "autoApprove": ["read_graph"], "disabled": false, "timeout": 60},
                   "remote": {"url": "https://remote.example/mcp", "headers": {"Authorization": "Bearer t"},
                              "allowed_tools": ["remote_read_*"], "alwaysAllow": [], "description": "Remote tools"},
                   "legacy": {"url": "http://127.0.0.1:8000/sse", "transport": "sse"},
                   "Brave Search": {"command": "cat"}}}""".formatted(dir));

        List<UpstreamSpec> specs = c.upstreams().specs();
        assertThat(specs).extracting(UpstreamSpec::domain).containsExactly("memory", "remote", "legacy", "Brave_Search");
        assertThat(specs.get(0)).isEqualTo(UpstreamSpec.stdio("memory", new StdioCommand("cat", List.of("-u"),
                Map.of("MEMORY_FILE_PATH", "/data/memory.jsonl"), dir)));
        assertThat(specs.get(1)).isEqualTo(UpstreamSpec.configured("remote", "https://remote.example/mcp",
                "mcp-upstream:remote", Map.of("Authorization", "Bearer t"), List.of()));
        assertThat(specs.get(2)).isEqualTo(UpstreamSpec.sse("legacy", "http://127.0.0.1:8000/sse", Map.of()));
        assertThat(specs.get(3).command()).isEqualTo(new StdioCommand("cat", List.of(), Map.of(), null));
        AccessPolicy policy = c.upstreams().accessPolicy();
        assertThat(policy.isAllowed("remote", "read_notes")).isTrue();
        assertThat(policy.isAllowed("remote", "write_notes")).isFalse();
        assertThat(policy.isAllowed("memory", "read_graph")).isTrue();
        assertThat(c.upstreams().skipped()).isEmpty();
        assertThat(c.upstreams().examples()).isFalse();
    }

    @Test
    void vsCodeFileWithCommentsTypesAndInputs() throws IOException {
        GatewayConfig c = load("""
                {
                  // written by VS Code
                  "inputs": [{"type": "promptString", "id": "api-key", "description": "API key", "password": true}],
                  "servers": {
                    "fetch": {"type": "stdio", "command": "cat", "args": ["--flag"]},
                    "api": {"type": "http", "url": "http://127.0.0.1:9000/mcp", "headers": {"Authorization": "Bearer ${input:api-key}"}},
                    "docs": {"type": "streamableHttp", "url": "http://127.0.0.1:9002/mcp"},
                    "old": {"type": "sse", "url": "http://127.0.0.1:9001/sse"},
                    "ws": {"type": "websocket", "url": "ws://127.0.0.1:9003"},
                    "local": {"type": "stdio", "command": "cat", "envFile": ".env"},
                    "workspace": {"type": "stdio", "command": "cat", "args": ["${workspaceFolder}/data"]},
                    "mixed": {"type": "stdio", "url": "http://127.0.0.1:9004/mcp"},
                  },
                }""");

        assertThat(c.upstreams().specs()).extracting(UpstreamSpec::domain, UpstreamSpec::transport).containsExactly(
                tuple("fetch", UpstreamSpec.Transport.STDIO),
                tuple("docs", UpstreamSpec.Transport.STREAMABLE_HTTP),
                tuple("old", UpstreamSpec.Transport.SSE));
        Path file = dir.resolve("mcp.json");
        assertThat(skipped(c)).containsExactly(
                "Upstream file " + file + ": skipped 'api': 'headers' holds the placeholder ${input:api-key},"
                        + " which toolgate does not expand",
                "Upstream file " + file + ": skipped 'ws': unknown type \"websocket\""
                        + " (supported: http, sse, stdio, streamable-http, streamableHttp)",
                "Upstream file " + file + ": skipped 'local': unsupported key 'envFile' (supported: allowed_tools, args,"
                        + " command, cwd, denied_tools, env, forward_headers, headers, transport, type, url;"
                        + " ignored: alwaysAllow, autoApprove, description, disabled, timeout)",
                "Upstream file " + file + ": skipped 'workspace': 'args' holds the placeholder ${workspaceFolder},"
                        + " which toolgate does not expand",
                "Upstream file " + file + ": skipped 'mixed': Invalid GATEWAY_UPSTREAMS_FILE: upstream 'mixed'"
                        + " with transport 'stdio' needs a 'command'");
    }

    @Test
    void serversTheGatewayCannotServeAreSkippedWithTheReasonAndTheOthersServed() throws IOException {
        GatewayConfig c = load("""
                {"mcpServers": {
                   "crm": {"url": "http://127.0.0.1:3009/mcp"},
                   "off": {"command": "cat", "disabled": true},
                   "ftp": {"url": "ftp://files.example/mcp", "allowed_tools": ["nothing"]},
                   "two": {"command": "cat", "url": "http://127.0.0.1:3010/mcp"},
                   "a b": {"command": "cat"},
                   "a_b": {"command": "cat"},
                   "@scope/server": {"command": "cat"},
                   "text": "http://127.0.0.1:3011/mcp",
                   "examples": {"url": "http://127.0.0.1:3012/mcp"},
                   "nowhere": {"command": "cat", "cwd": "%s/missing"},
                   "ok": {"url": "http://127.0.0.1:3013/mcp"}}}""".formatted(dir),
                "gateway.upstreams", "{\"crm\":\"http://127.0.0.1:3001/mcp\"}", "gateway.examples", "true");

        assertThat(c.upstreams().specs()).extracting(UpstreamSpec::domain).containsExactly("crm", "a_b", "ok", "examples");
        assertThat(c.upstreams().specs().get(0).url()).isEqualTo("http://127.0.0.1:3001/mcp");
        assertThat(c.upstreams().accessPolicy().isAllowed("ftp", "anything")).isTrue();
        String prefix = "Upstream file " + dir.resolve("mcp.json") + ": skipped ";
        assertThat(skipped(c)).containsExactly(
                prefix + "'crm': domain 'crm' is configured in GATEWAY_UPSTREAMS, which wins",
                prefix + "'off': it is disabled",
                prefix + "'ftp': Invalid GATEWAY_UPSTREAMS_FILE: url of 'ftp' must be an http(s) URL with a host",
                prefix + "'two': Upstream 'two' object must contain exactly one of a non-empty 'url', an 'endpoint' or a"
                        + " 'command' (GATEWAY_UPSTREAMS_FILE)",
                prefix + "'a_b': another server of the file is already served as domain 'a_b'",
                prefix + "'@scope/server': the name is not a valid domain name (1-64 letters, digits, '_', '.' or '-',"
                        + " starting with a letter or digit)",
                prefix + "'text': the entry must be an object",
                prefix + "'examples': domain 'examples' is reserved while GATEWAY_EXAMPLES is on",
                prefix + "'nowhere': Invalid GATEWAY_UPSTREAMS_FILE: 'cwd' of 'nowhere': " + dir.resolve("missing")
                        + " is not a directory");
    }

    @Test
    void aFileWhoseServersAreAllSkippedLeavesTheExamplesDomainOff() throws IOException {
        GatewayConfig c = load("{\"mcpServers\": {\"off\": {\"command\": \"cat\", \"disabled\": true}}}");
        assertThat(c.upstreams().specs()).isEmpty();
        assertThat(c.upstreams().examples()).isFalse();
        assertThat(c.upstreams().skipped()).extracting(UpstreamSettings.Skipped::name).containsExactly("off");
    }

    @Test
    void aFileTheGatewayCannotUseStopsStartupNamingTheVariableAndThePath() throws IOException {
        Path missing = dir.resolve("none.json");
        assertThatThrownBy(() -> GatewayConfig.load(Map.of("gateway.upstreams-file", missing.toString())::get))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid GATEWAY_UPSTREAMS_FILE: cannot read " + missing + " (NoSuchFileException)");
        Path file = dir.resolve("mcp.json");
        assertThatThrownBy(() -> load("{\"mcpServers\": {\"a\": }"))
                .hasMessageStartingWith("Invalid GATEWAY_UPSTREAMS_FILE: " + file + " is not valid JSON (");
        assertThatThrownBy(() -> load("{\"globalShortcut\": \"Ctrl+Space\"}"))
                .hasMessage("Invalid GATEWAY_UPSTREAMS_FILE: " + file + " has neither an 'mcpServers' nor a 'servers' object");
        assertThatThrownBy(() -> load("{\"mcpServers\": [\"memory\"]}"))
                .hasMessage("Invalid GATEWAY_UPSTREAMS_FILE: " + file + " has neither an 'mcpServers' nor a 'servers' object");
        assertThatThrownBy(() -> load("[]"))
                .hasMessage("Invalid GATEWAY_UPSTREAMS_FILE: " + file + " has neither an 'mcpServers' nor a 'servers' object");
    }

    @Test
    void aPathUnderTheHomeDirectory() throws IOException {
        Files.createDirectories(dir.resolve(".config/Claude"));
        Files.writeString(dir.resolve(".config/Claude/claude_desktop_config.json"),
                "{\"mcpServers\": {\"memory\": {\"command\": \"cat\"}}}");
        String home = System.getProperty("user.home");
        System.setProperty("user.home", dir.toString());
        try {
            GatewayConfig c = GatewayConfig.load(
                    Map.of("gateway.upstreams-file", "~/.config/Claude/claude_desktop_config.json")::get);
            assertThat(c.upstreams().specs()).extracting(UpstreamSpec::domain).containsExactly("memory");
        } finally {
            System.setProperty("user.home", home);
        }
    }

    @Test
    void theExampleFileOfTheReadme() {
        GatewayConfig c = GatewayConfig.load(Map.of("gateway.upstreams-file", "examples/claude_desktop_config.json")::get);
        assertThat(c.upstreams().specs()).extracting(UpstreamSpec::domain, UpstreamSpec::transport).containsExactly(
                tuple("memory", UpstreamSpec.Transport.STDIO),
                tuple("filesystem", UpstreamSpec.Transport.STDIO),
                tuple("everything", UpstreamSpec.Transport.STREAMABLE_HTTP));
        assertThat(c.upstreams().specs().get(0).command().args())
                .containsExactly("-y", "@modelcontextprotocol/server-memory");
        assertThat(c.upstreams().skipped()).extracting(UpstreamSettings.Skipped::name, UpstreamSettings.Skipped::reason)
                .containsExactly(tuple("github", "it is disabled"));
    }
}
