package io.toolgate.testing;

import io.modelcontextprotocol.spec.McpSchema;
import io.toolgate.testing.TestUpstream.ToolDef;

import java.util.List;
import java.util.Map;

/**
 * The two upstreams most end-to-end tests run against: {@code crm} (search, create, list, a tool that always answers
 * isError, one with structured and image content) and {@code analytics} (a report and a metric query).
 */
public final class Fixtures {

    private Fixtures() {
    }

    public static List<ToolDef> crm() {
        return List.of(
                ToolDef.text("crm_contacts_search", "Search contacts by name or email.", """
                        {"type":"object","properties":{"query":{"type":"string"},"limit":{"type":"integer","default":10}},"required":["query"]}""",
                        args -> "{\"contacts\":[{\"name\":\"Jane Doe\"}],\"total\":1}"),
                ToolDef.text("crm_contacts_create", "Create a new contact.", """
                        {"type":"object","properties":{"name":{"type":"string"},"email":{"type":"string"}},"required":["name","email"]}""",
                        args -> "created " + args.get("name")),
                ToolDef.text("crm_deals_list", "List deals by status.", """
                        {"type":"object","properties":{"status":{"type":"string","default":"open"}}}""",
                        args -> String.valueOf(args.getOrDefault("status", "open"))),
                new ToolDef("crm_fail", "Always fails.", """
                        {"type":"object","properties":{}}""",
                        args -> McpSchema.CallToolResult.builder().addTextContent("Error calling tool 'crm_fail': boom").isError(true).build()),
                new ToolDef("crm_stats", "Structured statistics.", """
                        {"type":"object","properties":{}}""",
                        args -> McpSchema.CallToolResult.builder().addTextContent("{\"n\":1}")
                                .addContent(new McpSchema.ImageContent(null, "aGVsbG8=", "image/png"))
                                .structuredContent(Map.of("n", 1)).isError(false).build()));
    }

    public static List<ToolDef> analytics() {
        return List.of(
                ToolDef.text("analytics_reports_generate", "Generate an analytics report.", """
                        {"type":"object","properties":{"report_type":{"type":"string"},"date_range":{"type":"string","default":"last_30d"}},"required":["report_type"]}""",
                        args -> "report " + args.get("report_type")),
                ToolDef.text("analytics_metrics_query", "Query a specific metric.", """
                        {"type":"object","properties":{"metric":{"type":"string"}},"required":["metric"]}""",
                        args -> "metric " + args.get("metric")));
    }
}
