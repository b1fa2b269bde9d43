package io.toolgate.search;

import java.util.Locale;

/** {@code GATEWAY_SEARCH}: how {@code discover_tools(query)} ranks. */
public enum SearchMode {
    /** Term-weighted word matching only; no model is loaded. */
    LEXICAL,
    /** Word matching fused with the in-process sentence-embedding model. */
    HYBRID;

    public static SearchMode parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
