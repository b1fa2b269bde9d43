package io.toolgate.mcp;

import java.util.Locale;

/** What {@code tools/list} shows ({@code GATEWAY_EXPOSURE}). */
public enum Exposure {
    /** The meta-tools: discover, get the schema of, and execute upstream tools. */
    META,
    /** Every upstream tool the caller may see, under its exposed name, callable directly. */
    DIRECT,
    /** {@link #DIRECT} while the caller sees at most {@code GATEWAY_DIRECT_MAX_TOOLS} tools, {@link #META} above. */
    AUTO;

    public static Exposure parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
