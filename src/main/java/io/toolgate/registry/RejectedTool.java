package io.toolgate.registry;

/** A tool an upstream listed that the registry did not take, with the reason shown to operators. */
public record RejectedTool(String domain, String name, String reason) {
}
