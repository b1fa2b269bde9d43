package io.toolgate.config;

import io.toolgate.error.ConfigException;
import io.toolgate.mcp.Exposure;
import io.toolgate.registry.SchemaPinning;
import io.toolgate.registry.ToolNaming;
import io.toolgate.search.SearchMode;

/** Reads {@link ToolSettings}; bare tool names need exactly one upstream. */
final class ToolParser {

    private ToolParser() {
    }

    static ToolSettings parse(ConfigReader r, UpstreamSettings upstreams) {
        ToolNaming naming = r.choice("gateway.tool-naming", Defaults.TOOL_NAMING, ToolNaming::parse);
        int count = upstreams.specs().size();
        if (naming == ToolNaming.BARE && count != 1) {
            throw new ConfigException("Invalid GATEWAY_TOOL_NAMING: bare needs exactly one upstream, " + count
                    + " configured" + (upstreams.examples() ? " (the examples domain counts; set GATEWAY_EXAMPLES=false)" : ""));
        }
        return new ToolSettings(
                r.choice("gateway.exposure", Defaults.EXPOSURE, Exposure::parse),
                r.intRange("gateway.direct-max-tools", Defaults.DIRECT_MAX_TOOLS, 1, 10_000),
                naming,
                r.intRange("gateway.max-schema-depth", Defaults.MAX_SCHEMA_DEPTH, 1, 64),
                r.choice("gateway.schema-pinning", Defaults.SCHEMA_PINNING, SchemaPinning::parse),
                r.bool("gateway.result-envelope", Defaults.RESULT_ENVELOPE),
                r.choice("gateway.search", Defaults.SEARCH, SearchMode::parse));
    }
}
